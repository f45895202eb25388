// Uses json-as's transform (@json classes get generated serializers) besides shared-init's.
import { JSON } from "json-as";

@json
class Player {
  name: string = "";
  score: i32 = 0;
}

export function roundTrip(input: string): string {
  const p = JSON.parse<Player>(input);
  p.score += 1;
  return JSON.stringify<Player>(p);
}
