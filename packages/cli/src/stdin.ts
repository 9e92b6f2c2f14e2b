/** All of stdin, as bytes: the value of `key put` with neither VALUE nor --file, the file of `import -`. */
export async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
