/**
 * A Prompter that answers from a script instead of a terminal, and records what it was asked. It runs
 * each question's own validate like the real prompts do: a refused answer is recorded and the next
 * scripted attempt is tried, as if the person typed again.
 */
import type { Choice, Prompter, Question } from '../../generator/new/prompter';
import { WizardCancelled } from '../../generator/new/prompter';

/** Press Enter: take the default. */
export const ENTER = Symbol('enter');
/** Press Ctrl-C at this question. */
export const CTRL_C = Symbol('ctrl-c');

/** Several attempts at one question, in order (the earlier ones are expected to be refused). */
export class Attempts {
  constructor(readonly values: unknown[]) {}
}
export const attempts = (...values: unknown[]) => new Attempts(values);

export interface Asked {
  name: string;
  kind: 'input' | 'number' | 'confirm' | 'select' | 'checkbox';
  message: string;
  default: unknown;
  choices?: string[];
}

export interface ScriptedPrompter extends Prompter {
  /** Every question asked, in order (a question asked again after a refusal appears once). */
  asked: Asked[];
  /** Answers refused by validation, with the reason shown. */
  refused: { name: string; value: unknown; reason: string }[];
}

/** `events`, when given, receives "? <name>" as each question is asked (tests share it with the log). */
export function scriptedPrompter(script: Record<string, unknown> = {}, events?: string[]): ScriptedPrompter {
  const queues = new Map(Object.entries(script).map(([name, v]) => [name, v instanceof Attempts ? [...v.values] : [v]]));
  const asked: Asked[] = [];
  const refused: ScriptedPrompter['refused'] = [];

  const answer = <T>(kind: Asked['kind'], q: Question<T> & { choices?: Choice<string>[] }, enter: () => T): T => {
    asked.push({ name: q.name, kind, message: q.message, default: q.default, choices: q.choices?.map((c) => c.value) });
    events?.push(`? ${q.name}`);
    for (;;) {
      const queue = queues.get(q.name);
      const next = queue && queue.length > 0 ? queue.shift() : ENTER;
      if (next === CTRL_C) throw new WizardCancelled();
      const value = (next === ENTER ? enter() : next) as T;
      if (q.choices && kind === 'select' && !q.choices.some((c) => c.value === value)) {
        throw new Error(`script: "${String(value)}" is not a choice of ${q.name} (${q.choices.map((c) => c.value).join(', ')})`);
      }
      const verdict = q.validate ? q.validate(value) : true;
      if (verdict === true) return value;
      refused.push({ name: q.name, value, reason: verdict });
      if (!queue || queue.length === 0) throw new Error(`script: ${q.name} refused ${JSON.stringify(value)} (${verdict}) and no other answer is scripted`);
    }
  };

  return {
    asked,
    refused,
    input: async (q) => answer('input', q, () => q.default ?? ''),
    number: async (q) => answer('number', q, () => q.default as number),
    confirm: async (q) => answer('confirm', q, () => q.default ?? true),
    select: async (q) => answer('select', q, () => q.default ?? q.choices[0].value),
    checkbox: async (q) => answer('checkbox', q, () => q.default ?? []),
  };
}
