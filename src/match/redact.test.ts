import { describe, expect, it } from 'vitest'
import { redact } from './redact.ts'

describe('redact', () => {
  const table: {
    name: string
    input: string
    secret: string
    expected?: string
  }[] = [
    {
      name: 'a Discord bot token',
      input:
        'token MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhJkLm.abcdefghijklmnopqrstuvwxyz0123456789AB',
      secret: 'GhJkLm.abcdefghijklmnopqrstuvwxyz0123456789AB'
    },
    {
      name: 'a GitHub token',
      input: 'GITHUB ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      secret: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'
    },
    {
      name: 'an AWS key id',
      input: 'key AKIAIOSFODNN7EXAMPLE used',
      secret: 'AKIAIOSFODNN7EXAMPLE'
    },
    {
      name: 'a PEM private key',
      input:
        '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----',
      secret: 'MIIEpAIBAAKCAQEA'
    },
    {
      name: 'a password in a URL',
      input: 'connect postgres://admin:hunter2secret@db:5432/x',
      secret: 'hunter2secret',
      expected: 'connect postgres://admin:[password]@db:5432/x'
    },
    {
      name: 'a JWT',
      input:
        'auth eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N',
      secret: 'dozjgNryP4J3jVmNHl0w5N'
    },
    {
      name: 'an e-mail address',
      input: 'mail alice.smith@example.org now',
      secret: 'alice.smith@example.org',
      expected: 'mail [email] now'
    },
    {
      name: 'a Linux home user',
      input: 'at /home/rooter/.cargo/x',
      secret: 'rooter',
      expected: 'at /home/[user]/.cargo/x'
    },
    {
      name: 'a macOS home user',
      input: 'at /Users/ana/robot',
      secret: 'ana/',
      expected: 'at /Users/[user]/robot'
    },
    {
      name: 'a Windows home user',
      input: 'File "C:\\Users\\wei\\x.py"',
      secret: 'wei',
      expected: 'File "C:\\Users\\[user]\\x.py"'
    },
    {
      name: 'a password assignment',
      input: 'password=correcthorsebattery',
      secret: 'correcthorsebattery'
    },
    {
      name: 'a secret in a longer variable name',
      input: 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY',
      secret: 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY'
    },
    {
      name: 'a token variable',
      input: 'export DISCORD_TOKEN=abc.def.ghijklmnop',
      secret: 'abc.def.ghijklmnop'
    },
    {
      name: 'a bearer header',
      input: 'Authorization: Bearer abcdef0123456789abcdef',
      secret: 'abcdef0123456789abcdef',
      expected: 'Authorization: Bearer [redacted]'
    }
  ]
  for (const row of table) {
    it(`should redact ${row.name}`, () => {
      const out = redact(row.input)
      expect(out).not.toContain(row.secret)
      if (row.expected !== undefined) expect(out).toBe(row.expected)
    })
  }

  it('should leave an ordinary error line alone', () => {
    const line =
      'Unable to bind UDP port 224.0.0.224:7446 - Caused by Cannot assign requested address (os error 99)'
    expect(redact(line)).toBe(line)
  })
})
