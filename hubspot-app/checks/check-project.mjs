// Runs HubSpot's project-parsing library on a project directory prepare.sh wrote, so that the build refuses a
// project `hs project upload` would refuse for its structure. The library parses the project (every *-hsmeta.json
// in a component directory, unique uids) and supplies the rules checked here: top-level keys, uid format, each
// component type's directory and, for app children, that an app component exists. Its schema validation of each
// config needs a HubSpot account, so it is left to the upload. No HubSpot account is needed here.
//
//   node check-project.mjs <project-directory> [--stage 1|2]
// Stage 1 is the first upload: an app event in it is an error (HubSpot accepts them only after a first deploy).
import fs from 'node:fs';
import path from 'node:path';
import { translate } from '@hubspot/project-parsing-lib/translate';
import { validateProjectConfig } from '@hubspot/project-parsing-lib/projects';
import { validateUid } from '@hubspot/project-parsing-lib/uid';
import { mapToUserFacingType } from '@hubspot/project-parsing-lib/transform';
import { ALLOWED_TOP_LEVEL_FIELDS, APP_KEY, Components } from '@hubspot/project-parsing-lib/constants';

const APP_EVENT = 'app-event';

const args = process.argv.slice(2);
const stageAt = args.indexOf('--stage');
const stage = stageAt >= 0 ? args.splice(stageAt, 2)[1] : '2';
if (args.length !== 1 || (stage !== '1' && stage !== '2')) {
  console.error('usage: node check-project.mjs <project-directory> [--stage 1|2]');
  process.exit(2);
}
const projectDir = path.resolve(args[0]);

function fail(problems) {
  problems.forEach(problem => console.error(`ERROR ${problem}`));
  process.exit(1);
}

let config;
try {
  config = JSON.parse(fs.readFileSync(path.join(projectDir, 'hsproject.json'), 'utf8'));
  validateProjectConfig(config, projectDir);
} catch (error) {
  fail([`hsproject.json: ${error.message}`]);
}
const sourceDir = path.join(projectDir, config.srcDir);

let parsed;
try {
  // skipValidation: the library's validation pass starts by fetching the component schemas from an account.
  parsed = await translate({ projectSourceDir: sourceDir, platformVersion: config.platformVersion },
    { skipValidation: true });
} catch (error) {
  fail([error.message ?? String(error)]);
}

const problems = parsed.skippedHsMetaFiles.map(file => `${file}: not in a component directory, the parser skips it`);
const nodes = Object.values(parsed.intermediateRepresentation.intermediateNodesIndexedByUid);
const hasApp = nodes.some(node => mapToUserFacingType(node.componentType) === APP_KEY);
for (const node of nodes) {
  const file = node.metaFilePath;
  const content = JSON.parse(fs.readFileSync(path.join(sourceDir, file), 'utf8'));
  const unexpected = Object.keys(content).filter(key => !ALLOWED_TOP_LEVEL_FIELDS.has(key));
  if (unexpected.length > 0) {
    problems.push(`${file}: unexpected top-level keys ${unexpected.join(', ')}`);
  }
  const uidProblem = node.uid ? validateUid(node.uid) : 'missing uid';
  if (uidProblem) {
    problems.push(`${file}: ${uidProblem}`);
  }
  if (!node.config) {
    problems.push(`${file}: missing config`);
  }
  const type = mapToUserFacingType(node.componentType);
  const component = Components[type];
  if (!component) {
    problems.push(`${file}: ${type ? `unsupported type ${type}` : 'missing type'}`);
    continue;
  }
  const parentDir = component.parentComponent ? Components[component.parentComponent].dir : '';
  const expectedDir = path.posix.join(parentDir, component.dir);
  if (path.posix.dirname(file) !== expectedDir) {
    problems.push(`${file}: a ${type} component belongs in ${expectedDir}/`);
  }
  if (component.parentComponent === APP_KEY && !hasApp) {
    problems.push(`${file}: a ${type} component needs an ${APP_KEY} component in the project`);
  }
  if (type === APP_EVENT && stage === '1') {
    problems.push(`${file}: app event ${node.uid} in stage 1 (HubSpot accepts app events only after the first deploy)`);
  }
}
if (problems.length > 0) {
  fail(problems);
}
const counts = {};
nodes.forEach(node => { counts[mapToUserFacingType(node.componentType)] = (counts[mapToUserFacingType(node.componentType)] ?? 0) + 1; });
console.log(`OK stage ${stage} ${projectDir}: ${JSON.stringify(counts)}`);
