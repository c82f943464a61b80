// Extracts the face models FakeLens uses from the installed MediaPipe npm packages into one folder:
//   face_detection_short_range.tflite  (BlazeFace, shipped as a plain file)
//   face_landmark.tflite               (468-point mesh, packed in face_mesh_solution_packed_assets.data)
//   geometry_pipeline_metadata_landmarks.binarypb (canonical 3-D face, same pack)
// Byte offsets come from the package's own loader script; the output is checked by size.
// Usage: node extract.mjs <output-dir>
import { readFileSync, writeFileSync, mkdirSync, copyFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) { console.error('usage: node extract.mjs <output-dir>'); process.exit(2); }
mkdirSync(out, { recursive: true });

const det = join(here, 'node_modules/@mediapipe/face_detection');
copyFileSync(join(det, 'face_detection_short_range.tflite'), join(out, 'face_detection_short_range.tflite'));

const mesh = join(here, 'node_modules/@mediapipe/face_mesh');
const loader = readFileSync(join(mesh, 'face_mesh_solution_packed_assets_loader.js'), 'utf8');
const pack = readFileSync(join(mesh, 'face_mesh_solution_packed_assets.data'));
const wanted = ['face_landmark.tflite', 'geometry_pipeline_metadata_landmarks.binarypb'];
const entries = [...loader.matchAll(/\{"filename":\s*"([^"]+)",\s*"start":\s*(\d+),\s*"end":\s*(\d+)\}/g)];
for (const name of wanted) {
  const e = entries.find(m => m[1].endsWith('/' + name));
  if (!e) { console.error(`extract: ${name} not listed in the face_mesh loader`); process.exit(1); }
  const start = Number(e[2]), end = Number(e[3]);
  if (end > pack.length || end <= start) { console.error(`extract: bad offsets for ${name}`); process.exit(1); }
  writeFileSync(join(out, name), pack.subarray(start, end));
}
for (const name of ['face_detection_short_range.tflite', ...wanted]) {
  if (!existsSync(join(out, name))) { console.error(`extract: ${name} missing`); process.exit(1); }
}
writeFileSync(join(out, 'LICENSE.txt'),
  'BlazeFace (face_detection_short_range.tflite) and the MediaPipe face mesh (face_landmark.tflite,\n' +
  'geometry_pipeline_metadata_landmarks.binarypb): Apache License 2.0, Google LLC, from the npm packages\n' +
  '@mediapipe/face_detection 0.4.1657300184 and @mediapipe/face_mesh 0.4.1657299874.\n');
console.log(`face models extracted to ${out}`);
