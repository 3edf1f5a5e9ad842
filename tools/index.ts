/**
 * THE list of tools. The LLM planner, the MCP server and the CLI all loop over it; none of them
 * holds tool logic of its own. Order: the order a run uses them.
 */
import type { AnyTool } from './define-tool.js';
import { profileData } from './profile-data.js';
import { engineerFeatures } from './engineer-features.js';
import { searchModelTool } from './search-model.js';
import { tune } from './tune.js';
import { evaluateTool } from './evaluate.js';
import { predict } from './predict.js';
import { exportModelTool } from './export-model.js';
import { report } from './report.js';
import { getTaskTool, listTasksTool } from './task-status.js';

export const TOOLS: AnyTool[] = [
  profileData,
  engineerFeatures,
  searchModelTool,
  tune,
  evaluateTool,
  predict,
  exportModelTool,
  report,
  getTaskTool,
  listTasksTool,
];

export { createOfflineArgs, type OfflineArgsOptions } from './offline-args.js';
