/**
 * Replaying a document's curl examples: the commands are taken from the document's own text
 * and run by the real curl (/usr/bin/curl) when it exists, else by an equivalent node:http
 * request for the options the examples use (--request, --url, --header, --data).
 *
 * The GridDuck guide was flattened from a web page: its multi-line commands lost their line
 * breaks, leaving `curl --request GET \ --url '…' \ --header '…'` on one line. In a shell
 * `\ ` would be an escaped space glued to the next option, which no reader means, so a
 * backslash followed by whitespace is read as the line continuation it was.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { request } from './spawn-server.js';

export const CURL = '/usr/bin/curl';

/** Every curl command of `text`, as argument vectors without the leading `curl`. */
export function curlCommands(text: string): string[][] {
  const lines = text.split('\n');
  const out: string[][] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^curl\s/.test(lines[i]!)) continue;
    let cmd = lines[i]!;
    // a trailing backslash continues the command on the next line
    while (/\\\s*$/.test(cmd) && i + 1 < lines.length) cmd = `${cmd.replace(/\\\s*$/, '')} ${lines[++i]!}`;
    out.push(shellWords(cmd).slice(1));
  }
  return out;
}

/** Splits a command the way sh does for what the examples use: single and double quotes, whitespace, `\ ` (see above). */
function shellWords(cmd: string): string[] {
  const words: string[] = [];
  let cur: string | null = null;
  for (let i = 0; i < cmd.length; i++) {
    const ch = cmd[i]!;
    if (ch === "'" || ch === '"') {
      const close = cmd.indexOf(ch, i + 1);
      if (close < 0) throw new Error(`unbalanced ${ch} in: ${cmd}`);
      cur = (cur ?? '') + cmd.slice(i + 1, close);
      i = close;
    } else if (ch === '\\' && /\s/.test(cmd[i + 1] ?? ' ')) {
      if (cur !== null) words.push(cur);
      cur = null;
    } else if (/\s/.test(ch)) {
      if (cur !== null) words.push(cur);
      cur = null;
    } else {
      cur = (cur ?? '') + ch;
    }
  }
  if (cur !== null) words.push(cur);
  return words;
}

export interface CurlResult {
  status: number;
  /** lower-case names */
  headers: Record<string, string>;
  body: string;
  /** how the request was sent */
  via: 'curl' | 'node:http';
}

/** Runs curl with `args` (plus output-only options); falls back to node:http without curl. */
export function runCurl(args: readonly string[]): Promise<CurlResult> {
  if (!fs.existsSync(CURL)) return viaNode(args);
  return new Promise((resolve, reject) => {
    // --silent/--show-error/--include change what curl prints, not what it sends
    execFile(CURL, [...args, '--silent', '--show-error', '--include'], { encoding: 'utf8', timeout: 15_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`curl ${args.join(' ')} failed: ${stderr || err.message}`));
      const end = stdout.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = stdout.slice(0, end).split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const c = l.indexOf(':');
        headers[l.slice(0, c).trim().toLowerCase()] = l.slice(c + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: stdout.slice(end + 4), via: 'curl' });
    });
  });
}

function option(args: readonly string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) if (args[i] === name) out.push(args[++i]!);
  return out;
}

/** What curl sends for --request/--url/--header/--data, with node:http (the URL's host is always the local test server). */
async function viaNode(args: readonly string[]): Promise<CurlResult> {
  const url = new URL(option(args, '--url')[0]!);
  const data = option(args, '--data').join('&');
  const headers: Record<string, string> = {};
  for (const h of option(args, '--header')) {
    const c = h.indexOf(':');
    headers[h.slice(0, c)] = h.slice(c + 1).trim();
  }
  if (data !== '' && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const method = option(args, '--request')[0] ?? (data !== '' ? 'POST' : 'GET');
  const r = await request({ port: Number(url.port) }, method, url.pathname + url.search, { headers, ...(data === '' ? {} : { body: data }) });
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) h[k] = Array.isArray(v) ? v.join(', ') : String(v);
  return { status: r.status, headers: h, body: r.body, via: 'node:http' };
}
