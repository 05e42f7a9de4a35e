/**
 * The demo's job, the reference's own hello world: `echo "Hello, $NAME!" | tee /artifacts/stuff`
 * with NAME in the job's env, plus an input volume read by the job and an output file uploaded to
 * S3 through a presigned PUT. Submitted with the SDK as a user would; every stage is printed live.
 */
import type { SigningKey } from '@horde/hotkey';
import { HordeClient, httpOutput, inlineVolume } from '@horde/sdk';
import type { TestS3 } from '@horde/testkit';

export const EXPECTED_ARTIFACT = 'Hello, Chester Tester!\n';

export interface DemoJobOptions {
  facilitatorUrl: string;
  user: SigningKey;
  validatorHotkey: string;
  image: string;
  s3: TestS3;
  say: (line: string) => void;
}

export async function runDemoJob(options: DemoJobOptions): Promise<boolean> {
  const { say } = options;
  const client = new HordeClient({ facilitatorUrl: options.facilitatorUrl, hotkey: options.user, validatorHotkey: options.validatorHotkey });
  const putUrl = await options.s3.presignPut('horde-demo', 'result.txt', 600);
  const started = Date.now();
  say('submitting a hello-world job through the facilitator (SDK)');
  const job = await client.createJob({
    docker_image: options.image,
    executor_class: 'always_on.test',
    args: ['sh', '-c', 'echo "Hello, $NAME!" | tee /artifacts/stuff; cat /volume/greetings/greeting.txt > /output/result.txt'],
    env: { NAME: 'Chester Tester' },
    artifacts_dir: '/artifacts',
    input_volumes: { '/volume/greetings': inlineVolume.fromFiles({ 'greeting.txt': 'greetings from an input volume\n' }) },
    output_volumes: { '/output/result.txt': httpOutput({ method: 'PUT', url: putUrl }) },
    download_time_limit_sec: 30,
    execution_time_limit_sec: 60,
    upload_time_limit_sec: 30,
  });
  say(`job ${job.uuid}`);
  const result = await client.waitForJob(job.uuid, {
    timeoutMs: 180_000,
    onStatus: (entry) => say(`  ${((Date.now() - started) / 1000).toFixed(2).padStart(6)} s  ${entry.status}`),
  });
  const artifact = result.artifacts['/artifacts/stuff']?.toString('utf8');
  const uploaded = await options.s3.getObject('horde-demo', 'result.txt').then(
    (b) => b.toString('utf8'),
    () => undefined,
  );
  console.log(`\nstatus:   ${result.status}`);
  console.log(`stdout:   ${JSON.stringify(result.stdout)}`);
  console.log(`artifact: /artifacts/stuff = ${JSON.stringify(artifact)}`);
  console.log(`uploaded: s3://horde-demo/result.txt = ${JSON.stringify(uploaded)}`);
  if (result.error) console.log(`error:    ${JSON.stringify(result.error)}`);
  const ok = result.status === 'completed' && artifact === EXPECTED_ARTIFACT && uploaded === 'greetings from an input volume\n';
  say(ok ? `the job completed as expected in ${((Date.now() - started) / 1000).toFixed(2)} s` : 'the job did NOT complete as expected');
  return ok;
}
