// A small class hierarchy for subclass arguments (issue 10, item 6).
export class Animal {
  name: string = "animal";
}

export class Bird extends Animal {
  wings: i32 = 2;
  constructor() {
    super();
    this.name = "bird";
  }
}

export class Robin extends Bird {
  constructor() {
    super();
    this.name = "robin";
  }
}

export interface Named {
  label(): string;
}

export class Plate implements Named {
  label(): string {
    return "plate";
  }
}
