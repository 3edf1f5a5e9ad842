/**
 * The one list of CLI commands. To add a command, write src/cli/commands/<name>.ts exporting a
 * Command and add it here; `askml --help` and `askml help <name>` pick it up.
 */
import type { Command } from '../command.js';
import { profileCommand } from './profile.js';
import { runCommand } from './run.js';
import { searchCommand } from './search.js';
import { resumeCommand } from './resume.js';
import { predictCommand } from './predict.js';
import { runsCommand } from './runs.js';
import { chatCommand } from './chat.js';
import { evalCommand } from './eval.js';
import { mcpCommand } from './mcp.js';

export const commands: Command[] = [runCommand, profileCommand, searchCommand, resumeCommand, predictCommand, runsCommand, mcpCommand, evalCommand, chatCommand];
