// The consumer: sorts the farm's animals with comparators calling virtual methods, fires the
// handlers others made, and walks nullable links.
import { Animal, Button, Dog, Handler, bySize } from "../shared/zoo";
import { print } from "../shared/io";

@external("farm", "animals") declare function animals(): Animal[];
@external("farm", "handlers") declare function handlers(): Handler[];
@external("farm", "nameOrder") declare function nameOrder(): (a: Animal, b: Animal) => i32;
@external("farm", "button") declare function button(): Button;
@external("farm", "describe") declare function describe(a: Animal | null): string;

let herd: Animal[] = [];
const hooks = new Array<Handler>();
let kept: Button | null = null;

export function addHandler(h: Handler): void {
  hooks.push(h);
}

function line(xs: Animal[]): string {
  let out = "";
  for (let i = 0; i < xs.length; i++) out += (i ? ", " : "") + `${xs[i]}`;
  return out;
}

export function sorting(): void {
  herd = animals();
  herd.push(new Dog("ace", 5));
  herd.push(new Animal("blob", 1));
  print("as made: " + line(herd));
  herd.sort(bySize);
  print("by size: " + line(herd));
  herd.sort(nameOrder());
  print("by name: " + line(herd));
  herd.sort((a: Animal, b: Animal): i32 => a.sound().length - b.sound().length || b.size() - a.size());
  print("by sound then size: " + line(herd));
  const sounds = herd.map<string>((a: Animal): string => a.sound());
  print("sounds: " + sounds.join(" "));
  const heavy = herd.filter((a: Animal): bool => a.size() > 6);
  print("heavy: " + line(heavy) + "; all named: " + (herd.every((a: Animal): bool => a.name.length > 0) ? "yes" : "no"));
}

export function firing(): void {
  const hs = handlers();
  for (let i = 0; i < hs.length; i++) hooks.push(hs[i]);
  hooks.push(new Handler("mine", (a: Animal): string => "show sees " + a.toString()));
  fireAll();
  kept = button();
  const b = kept!;
  print("click 5 -> " + b.click(5).toString() + ", click 20 -> " + b.click(20).toString());
  const silent = new Button();
  print("silent click -> " + silent.click(1).toString());
}

export function fireAll(): void {
  for (let i = 0; i < hooks.length; i++) {
    const a = herd[i % herd.length];
    print(hooks[i].fire(a));
  }
}

function find(name: string): Animal | null {
  for (let i = 0; i < herd.length; i++) if (herd[i].name == name) return herd[i];
  return null;
}

export function links(): void {
  const names = ["tom", "rex", "bess", "nobody"];
  for (let i = 0; i < names.length; i++) {
    const a = find(names[i]);
    let text = names[i] + ": " + describe(a);
    if (a != null) {
      const f = a.friend;
      text += ", friend " + (f ? f.toString() : "none") + (f instanceof Dog ? " (a dog)" : "");
      if (a.friend != null) text += ", friend's friend " + (a.friend!.friend ? a.friend!.friend!.name : "none");
    }
    print(text);
  }
  print("kept button clicked " + kept!.clicks.toString() + " times, once more -> " + kept!.click(0).toString());
}
