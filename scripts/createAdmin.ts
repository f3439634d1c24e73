/**
 * `npm run create-admin -- <username>`: creates an admin user in the database at
 * MONGODB_URI. The password comes from RELATA_ADMIN_PASSWORD, or is asked for (twice,
 * not echoed) when stdin is a terminal.
 */
import { MongoClient } from 'mongodb';
import { MongoUserRepository } from '../server/src/auth/UserRepository';
import { ProblemError } from '../server/src/http/ProblemError';

/** Reads one line from the terminal without echoing it. */
function askHidden(prompt: string): Promise<string> {
  const { stdin, stdout } = process;
  return new Promise((resolve, reject) => {
    let answer = '';
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\u0003') {
          done();
          reject(new Error('Cancelled.'));
          return;
        }
        if (char === '\r' || char === '\n' || char === '\u0004') {
          done();
          resolve(answer);
          return;
        }
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else answer += char;
      }
    };
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stdout.write('\n');
    };
    stdout.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.RELATA_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new Error('Set RELATA_ADMIN_PASSWORD, or run this in a terminal to type the password.');
  }
  const password = await askHidden('Password: ');
  if (!password) throw new Error('The password must not be empty.');
  if ((await askHidden('Repeat it: ')) !== password) throw new Error('The passwords differ.');
  return password;
}

async function main() {
  const username = process.argv[2];
  if (!username || process.argv.length > 3) {
    throw new Error('Usage: npm run create-admin -- <username>');
  }
  const mongoUri = process.env.MONGODB_URI;
  if (!mongoUri) {
    throw new Error(
      'Set MONGODB_URI to the database of the server, or start the server once with RELATA_ADMIN_PASSWORD=<password> to create the user admin.',
    );
  }
  const password = await readPassword();
  const connection = await MongoClient.connect(mongoUri, { serverSelectionTimeoutMS: 10_000 });
  try {
    const users = await MongoUserRepository.open(connection.db());
    const user = await users.createUser({
      username,
      password,
      displayName: username,
      roles: ['admin'],
    });
    console.log(`Created the admin user '${user.username}'.`);
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  const message =
    error instanceof ProblemError || error instanceof Error ? error.message : String(error);
  console.error(`create-admin: ${message}`);
  process.exitCode = 1;
});
