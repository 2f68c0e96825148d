/**
 * The core engine on the real KB: the founding case in every wording and wrapping, translations,
 * two problems in one log, abstention, and the ranking regression table.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { diagnose } from '../src/match/diagnose.ts'
import { createMatcher, type Matcher } from '../src/match/matcher.ts'
import { searchArticles } from '../src/match/search.ts'
import { WRAPPINGS, wrapLog } from '../src/cli/wrap.ts'
import { evalCases, evalLog } from './eval-set.ts'
import { loadRealKb } from './real-kb.ts'

const devCases = evalCases()
const wslLog = evalLog('dora-001')

let matcher: Matcher
beforeAll(async () => {
  matcher = createMatcher((await loadRealKb()).kb)
})

const FOUNDING = 'zenoh-multicast-bind-failed'

describe('the founding case (dora issue 889)', () => {
  it('should answer match with the article, its steps in order and the evidence', () => {
    const diagnosis = diagnose(matcher, wslLog)
    expect(diagnosis.verdict).toBe('match')
    expect(diagnosis.matches.map((match) => match.id)).toEqual([FOUNDING])
    const match = diagnosis.matches[0]
    const article = matcher.articles.find((item) => item.id === FOUNDING)
    expect(match?.steps.map((step) => step.text)).toEqual(
      article?.content.steps.map((step) => step.text)
    )
    expect(match?.steps.map((step) => step.n)).toEqual([1, 2, 3, 4, 5, 6])
    const evidence = match?.evidence.map((item) => item.text).join('\n') ?? ''
    expect(evidence).toContain('224.0.0.224:7446')
    expect(evidence).toContain('(os error 99)')
    expect(evidence).not.toContain('rooter')
    expect(diagnosis.facts.products).toContainEqual(
      expect.objectContaining({ name: 'dora', version: '0.3.10' })
    )
    expect(diagnosis.facts.addresses).toContainEqual(
      expect.objectContaining({
        address: '224.0.0.224',
        port: 7446,
        classes: ['multicast']
      })
    )
    expect(diagnosis.facts.errors).toContainEqual(
      expect.objectContaining({ errno: 'EADDRNOTAVAIL', code: 99, os: 'linux' })
    )
  })

  it('should mark the steps that need a newer dora than the log shows', () => {
    const steps = diagnose(matcher, wslLog).matches[0]?.steps ?? []
    expect(steps.map((step) => step.applies)).toEqual([
      'yes',
      'yes',
      'no',
      'no',
      'unknown',
      'unknown'
    ])
    expect(steps[2]?.appliesNote).toBe(
      'needs dora >=1.0.0-rc.5; the log shows 0.3.10'
    )
  })

  it('should see WSL in the facts when the paste carries the WSL prompt', () => {
    // The reporter's prompt as quoted in kb-research/dora-versions.md.
    const diagnosis = diagnose(
      matcher,
      `(.venv) rooter@chen:/mnt/f/dora$ dora up\n${wslLog}`
    )
    expect(diagnosis.matches[0]?.id).toBe(FOUNDING)
    expect(diagnosis.facts.platforms.map((fact) => fact.platform)).toContain(
      'wsl'
    )
    expect(diagnosis.matches[0]?.steps[4]?.applies).toBe('yes')
  })

  it('should answer in Chinese with --locale zh-CN', () => {
    const diagnosis = diagnose(matcher, wslLog, { locale: 'zh-CN' })
    const match = diagnosis.matches[0]
    expect(match?.id).toBe(FOUNDING)
    expect(match?.locale).toBe('zh-CN')
    expect(match?.path).toBe('dora/zenoh-multicast-bind-failed.zh-CN.md')
    expect(match?.steps).toHaveLength(6)
    expect(match?.steps[1]?.text).toMatch(/[\u4e00-\u9fff]/)
  })

  it('should fall back to English for a locale without a translation', () => {
    expect(diagnose(matcher, wslLog, { locale: 'fr' }).matches[0]?.locale).toBe(
      'en'
    )
  })

  const variants: { name: string; log: string }[] = [
    {
      name: 'macOS (os error 49)',
      log: wslLog
        .replaceAll(
          'Cannot assign requested address (os error 99)',
          "Can't assign requested address (os error 49)"
        )
        .replaceAll('/home/rooter', '/Users/ana')
    },
    {
      name: 'Windows (os error 10049)',
      log: wslLog
        .replaceAll(
          'Cannot assign requested address (os error 99)',
          'The requested address is not valid in its context. (os error 10049)'
        )
        .replaceAll('/home/rooter', 'C:\\Users\\wei')
    },
    {
      name: 'Chinese Windows text',
      log: wslLog.replaceAll(
        'Cannot assign requested address (os error 99)',
        '在其上下文中，该请求的地址无效。 (os error 10049)'
      )
    },
    { name: 'ANSI colours', log: wrapLog(wslLog, 'ansi') },
    {
      name: 'a Discord code fence with chat around it',
      log: wrapLog(wslLog, 'fence')
    },
    { name: 'quotes', log: wrapLog(wslLog, 'quote') },
    { name: 'CRLF', log: wrapLog(wslLog, 'crlf') },
    {
      name: 'INFO lines interleaved',
      log: wslLog
        .split('\n')
        .flatMap((line, index) => [
          `2025-03-18T08:0${index % 10}:00.000000Z  INFO dora_daemon: heartbeat ${index}`,
          line
        ])
        .join('\n')
    }
  ]
  for (const variant of variants) {
    it(`should still rank the article first worded for ${variant.name}`, () => {
      const diagnosis = diagnose(matcher, variant.log)
      expect(diagnosis.verdict).toBe('match')
      expect(diagnosis.matches[0]?.id).toBe(FOUNDING)
    })
  }
})

describe('verdicts', () => {
  it('should return both articles for a log that shows two distinct problems', () => {
    const log = `${wslLog}\n\n$ python server.py\nTraceback (most recent call last):\n  File "server.py", line 3, in <module>\nOSError: [Errno 24] Too many open files`
    const diagnosis = diagnose(matcher, log)
    expect(diagnosis.verdict).toBe('match')
    expect(diagnosis.matches.map((match) => match.id)).toEqual([
      FOUNDING,
      'too-many-open-files'
    ])
  })

  const abstain: { name: string; log: string }[] = [
    {
      name: 'a pip resolver warning',
      log: "ERROR: pip's dependency resolver does not currently take into account all the packages that are installed."
    },
    {
      // The camera index does not exist (an Orbbec camera's driver says so): no permission problem.
      // The OpenCV line alone is device-permission-denied's own signature (kb-research/new-topics.md).
      name: 'a camera index out of range',
      log: "[ WARN:0@4.004] global cap_v4l.cpp:982 open VIDEOIO(V4L2:/dev/video0): can't open camera by index\n[ERROR:0@4.006] global obsensor_uvc_stream_channel.cpp:156 getStreamChannelGroup Camera index out of range"
    },
    {
      name: 'a chat message',
      log: 'hi all, does anyone know how to install dora on a raspberry pi?'
    },
    { name: 'an empty paste', log: '' }
  ]
  for (const row of abstain) {
    it(`should not answer confidently on ${row.name}`, () => {
      expect(diagnose(matcher, row.log).verdict).not.toBe('match')
    })
  }

  it('should say what to collect when the paste is too thin', () => {
    const diagnosis = diagnose(matcher, '[ERROR]\nfailed to run dora-daemon')
    expect(diagnosis.verdict).not.toBe('match')
    expect(diagnosis.collect?.collection).toBe('dora')
    expect(diagnosis.collect?.steps.length).toBeGreaterThan(0)
  })

  it('should give the same answer for the same input', () => {
    expect(diagnose(matcher, wslLog)).toEqual(diagnose(matcher, wslLog))
  })
})

describe('wrapped dev logs', () => {
  it('should give the same top answer for every wrapping as for the plain log', () => {
    const changed: string[] = []
    for (const item of devCases) {
      const plain = diagnose(matcher, item.log)
      for (const wrapping of WRAPPINGS) {
        const wrapped = diagnose(matcher, wrapLog(item.log, wrapping))
        if (
          wrapped.verdict !== plain.verdict ||
          wrapped.matches[0]?.id !== plain.matches[0]?.id
        )
          changed.push(`${item.id}/${wrapping}`)
      }
    }
    expect(changed).toEqual([])
  })
})

describe('searchArticles', () => {
  it('should put an exact id first', () => {
    expect(searchArticles(matcher, 'addr-in-use')[0]?.id).toBe('addr-in-use')
  })
  it('should find the multicast articles for "multicast", the founding one among the first three', () => {
    const hits = searchArticles(matcher, 'multicast')
    expect(hits.length).toBeGreaterThan(2)
    expect(hits.length).toBeLessThanOrEqual(25)
    expect(hits.slice(0, 3).map((hit) => hit.id)).toContain(FOUNDING)
  })
})
