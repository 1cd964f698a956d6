/** Every command module, registered in this order by the CLI (bundler-safe: no commandDir). */
import type { CommandModule } from 'yargs';
import { checkCommand } from './check';
import { exportCommand } from './export';
import { newCommand } from './new';
import { patternsCommand } from './patterns';
import { snapshotCommand } from './snapshot';
import { synthCommand } from './synth';
import { verifyCommand } from './verify';

// Each module is typed with its own arguments; yargs takes them as a plain list.
export const commands = [newCommand, synthCommand, exportCommand, checkCommand, snapshotCommand, verifyCommand, patternsCommand] as unknown as CommandModule[];
