import { serialize } from 'bson'
import { FramingError, MessageReader, OP_MSG } from '../../../../cloud/embedded-db/src/wire/framing'
import {
  FLAG_CHECKSUM_PRESENT,
  buildOpMsg,
  parseOpMsg,
} from '../../../../cloud/embedded-db/src/wire/op-msg'

function message(requestID: number, body: Buffer): Buffer {
  const head = Buffer.alloc(16)
  head.writeInt32LE(16 + body.length, 0)
  head.writeInt32LE(requestID, 4)
  head.writeInt32LE(OP_MSG, 12)
  return Buffer.concat([head, body])
}

function sequence(id: string, docs: object[]): Buffer {
  const payload = Buffer.concat([
    Buffer.from(id + '\0'),
    ...docs.map((d) => Buffer.from(serialize(d))),
  ])
  const size = Buffer.alloc(4)
  size.writeInt32LE(4 + payload.length, 0)
  return Buffer.concat([Buffer.from([1]), size, payload])
}

describe('MessageReader', () => {
  it('reassembles messages split across arbitrary chunks', () => {
    const a = message(1, Buffer.from('hello'))
    const b = message(2, Buffer.from('world!'))
    const all = Buffer.concat([a, b])
    const reader = new MessageReader()
    const out = []
    for (let i = 0; i < all.length; i += 3) out.push(...reader.push(all.subarray(i, i + 3)))
    expect(out.map((m) => m.header.requestID)).toEqual([1, 2])
    expect(out[1].body.toString()).toBe('world!')
  })

  it('returns several messages delivered in one chunk', () => {
    const reader = new MessageReader()
    const out = reader.push(
      Buffer.concat([message(7, Buffer.alloc(4)), message(8, Buffer.alloc(0))]),
    )
    expect(out.map((m) => m.header.requestID)).toEqual([7, 8])
  })

  it('rejects lengths below the header size or above the limit', () => {
    const tiny = Buffer.alloc(16)
    tiny.writeInt32LE(8, 0)
    expect(() => new MessageReader().push(tiny)).toThrow(FramingError)
    const huge = Buffer.alloc(16)
    huge.writeInt32LE(1000, 0)
    expect(() => new MessageReader(500).push(huge)).toThrow(FramingError)
  })
})

describe('OP_MSG parsing', () => {
  it('merges kind-1 document sequences into the command body', () => {
    const body = Buffer.concat([
      Buffer.from([0, 0, 0, 0, 0]),
      Buffer.from(serialize({ insert: 'c', $db: 'd' })),
      sequence('documents', [{ a: 1 }, { a: 2 }]),
    ])
    const { command } = parseOpMsg(body)
    expect(command).toEqual({ insert: 'c', $db: 'd', documents: [{ a: 1 }, { a: 2 }] })
  })

  it('tolerates a trailing checksum when the flag says one is present', () => {
    const flags = Buffer.alloc(4)
    flags.writeUInt32LE(FLAG_CHECKSUM_PRESENT, 0)
    const body = Buffer.concat([
      flags,
      Buffer.from([0]),
      Buffer.from(serialize({ ping: 1 })),
      Buffer.alloc(4, 0xab),
    ])
    expect(parseOpMsg(body).command).toEqual({ ping: 1 })
  })

  it('rejects unknown required flag bits, unknown section kinds and missing bodies', () => {
    const flags = Buffer.alloc(4)
    flags.writeUInt32LE(1 << 5, 0)
    expect(() =>
      parseOpMsg(Buffer.concat([flags, Buffer.from([0]), Buffer.from(serialize({ ping: 1 }))])),
    ).toThrow(FramingError)
    expect(() =>
      parseOpMsg(Buffer.concat([Buffer.alloc(4), Buffer.from([7, 0, 0, 0, 0])])),
    ).toThrow(FramingError)
    expect(() =>
      parseOpMsg(Buffer.concat([Buffer.alloc(4), sequence('documents', [{ a: 1 }])])),
    ).toThrow(FramingError)
  })

  it('builds replies that parse back to the same document', () => {
    const buf = buildOpMsg(5, 9, { ok: 1, n: 2 })
    expect(buf.readInt32LE(0)).toBe(buf.length)
    expect(buf.readInt32LE(8)).toBe(9)
    expect(parseOpMsg(buf.subarray(16)).command).toEqual({ ok: 1, n: 2 })
  })
})
