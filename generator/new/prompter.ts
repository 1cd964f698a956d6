/**
 * How the wizard asks. An interface, so tests inject answers, and so only a run that really prompts
 * loads @inquirer/prompts (required inside inquirerPrompter, never at the top of a module).
 */

export interface Choice<T extends string> {
  value: T;
  name: string;
  /** Shown under the list while the choice is highlighted. */
  description?: string;
}

export interface Question<T> {
  /** Stable id of the question (the flag it stands for, e.g. "cidr"): tests answer by it. */
  name: string;
  message: string;
  default?: T;
  /** true, or the reason the answer is refused (the question is then asked again). */
  validate?: (value: T) => true | string;
}

export interface Prompter {
  input(q: Question<string>): Promise<string>;
  /** Undefined only when there is no default and the answer is left empty. */
  number(q: Question<number>): Promise<number | undefined>;
  confirm(q: Omit<Question<boolean>, 'validate'>): Promise<boolean>;
  select<T extends string>(q: Question<T> & { choices: Choice<T>[] }): Promise<T>;
  checkbox<T extends string>(q: Question<T[]> & { choices: Choice<T>[] }): Promise<T[]>;
}

/** Ctrl-C during a question (exit 130) or "no" to the final confirmation (exit 1): nothing is written. */
export class WizardCancelled extends Error {
  readonly code = 'VLG_CANCELLED';

  constructor(
    message = 'Cancelled: nothing was written.',
    readonly exitCode = 130,
  ) {
    super(message);
    this.name = 'WizardCancelled';
  }
}

/** The real prompts, on the process's terminal. */
export function inquirerPrompter(): Prompter {
  const prompts = require('@inquirer/prompts') as typeof import('@inquirer/prompts');
  const guard = async <T>(ask: () => Promise<T>): Promise<T> => {
    try {
      return await ask();
    } catch (err) {
      if ((err as Error)?.name === 'ExitPromptError' || (err as Error)?.name === 'AbortPromptError') throw new WizardCancelled();
      throw err;
    }
  };
  return {
    input: (q) =>
      guard(async () => {
        const value = await prompts.input({
          message: q.message,
          default: q.default,
          validate: (v) => (q.validate ? q.validate(v.trim()) : true),
        });
        return value.trim();
      }),
    number: (q) =>
      guard(() =>
        prompts.number({
          message: q.message,
          default: q.default,
          required: q.default !== undefined,
          validate: (v) => (v === undefined || !q.validate ? true : q.validate(v)),
        }),
      ),
    confirm: (q) => guard(() => prompts.confirm({ message: q.message, default: q.default })),
    select: <T extends string>(q: Question<T> & { choices: Choice<T>[] }) =>
      guard(() =>
        prompts.select<T>({
          message: q.message,
          choices: q.choices.map((c) => ({ value: c.value, name: c.name, description: c.description, short: c.value })),
          default: q.default,
          pageSize: Math.min(12, q.choices.length),
        }),
      ),
    checkbox: <T extends string>(q: Question<T[]> & { choices: Choice<T>[] }) =>
      guard(() =>
        prompts.checkbox<T>({
          message: q.message,
          choices: q.choices.map((c) => ({ value: c.value, name: c.name, description: c.description, checked: q.default?.includes(c.value) ?? false })),
          validate: (chosen) => (q.validate ? q.validate(chosen.map((c) => c.value)) : true),
          pageSize: Math.min(12, q.choices.length),
        }),
      ),
  };
}
