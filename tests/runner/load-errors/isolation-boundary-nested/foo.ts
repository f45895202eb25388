export class Foo { constructor(public x: i32) {} }
