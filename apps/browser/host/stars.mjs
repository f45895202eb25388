/** Three stars per word: a host function the greeter plugin imports as host.stars. */
export const stars = (words) => words * 3;
