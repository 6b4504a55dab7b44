import { deserialize, serialize } from 'bson'
import { startEmbeddedServer, type EmbeddedServer } from '../../../../cloud/embedded-db/src/index'
import { OP_MSG, OP_QUERY, OP_REPLY } from '../../../../cloud/embedded-db/src/wire/framing'
import { FLAG_MORE_TO_COME, parseOpMsg } from '../../../../cloud/embedded-db/src/wire/op-msg'
import { RawClient } from './raw-client'

let server: EmbeddedServer
const clients: RawClient[] = []
beforeAll(async () => {
  server = await startEmbeddedServer({ port: 0 })
})
afterAll(async () => {
  for (const c of clients) c.close()
  await server.close()
})

async function connect(): Promise<RawClient> {
  const c = await RawClient.connect(server.port)
  clients.push(c)
  return c
}

function header(length: number, requestID: number, opCode: number): Buffer {
  const h = Buffer.alloc(16)
  h.writeInt32LE(length, 0)
  h.writeInt32LE(requestID, 4)
  h.writeInt32LE(opCode, 12)
  return h
}

function opMsg(requestID: number, cmd: object, flags = 0): Buffer {
  const doc = Buffer.from(serialize(cmd))
  const f = Buffer.alloc(4)
  f.writeUInt32LE(flags, 0)
  const body = Buffer.concat([f, Buffer.from([0]), doc])
  return Buffer.concat([header(16 + body.length, requestID, OP_MSG), body])
}

function opQuery(requestID: number, ns: string, query: object): Buffer {
  const nums = Buffer.alloc(8)
  nums.writeInt32LE(-1, 4)
  const body = Buffer.concat([
    Buffer.alloc(4),
    Buffer.from(ns + '\0'),
    nums,
    Buffer.from(serialize(query)),
  ])
  return Buffer.concat([header(16 + body.length, requestID, OP_QUERY), body])
}

describe('wire protocol', () => {
  it('answers the legacy OP_QUERY handshake with an OP_REPLY', async () => {
    const c = await connect()
    c.send(opQuery(11, 'admin.$cmd', { ismaster: 1, helloOk: true }))
    const reply = await c.next()
    expect(reply?.header.opCode).toBe(OP_REPLY)
    expect(reply?.header.responseTo).toBe(11)
    expect(reply?.body.readInt32LE(16)).toBe(1)
    const doc = deserialize(reply!.body.subarray(20))
    expect(doc).toMatchObject({ ismaster: true, helloOk: true, maxWireVersion: 21, ok: 1 })
  })

  it('answers OP_MSG commands in order on one connection', async () => {
    const c = await connect()
    c.send(
      Buffer.concat([opMsg(1, { ping: 1, $db: 'admin' }), opMsg(2, { nope: 1, $db: 'admin' })]),
    )
    const a = await c.next()
    const b = await c.next()
    expect(a?.header.responseTo).toBe(1)
    expect(parseOpMsg(a!.body).command.ok).toBe(1)
    expect(b?.header.responseTo).toBe(2)
    expect(parseOpMsg(b!.body).command).toMatchObject({
      ok: 0,
      code: 59,
      codeName: 'CommandNotFound',
    })
  })

  it('does not reply to moreToCome messages but still executes them', async () => {
    const c = await connect()
    c.send(opMsg(3, { insert: 'w0', documents: [{ a: 1 }], $db: 'wire' }, FLAG_MORE_TO_COME))
    expect(await c.next(150)).toBeUndefined()
    c.send(opMsg(4, { count: 'w0', $db: 'wire' }))
    const r = await c.next()
    expect(r?.header.responseTo).toBe(4)
    expect(parseOpMsg(r!.body).command.n).toBe(1)
  })

  it('closes the connection on an oversized or malformed message', async () => {
    const c = await connect()
    c.send(header(60_000_000, 5, OP_MSG))
    expect(await c.next()).toBeUndefined()
    expect(c.closed).toBe(true)
    const d = await connect()
    d.send(Buffer.concat([header(21, 6, 9999), Buffer.alloc(5)]))
    expect(await d.next()).toBeUndefined()
    expect(d.closed).toBe(true)
  })

  it('serves many concurrent connections', async () => {
    const many = await Promise.all(Array.from({ length: 20 }, () => connect()))
    many.forEach((c, i) =>
      c.send(opMsg(100 + i, { insert: 'conc', documents: [{ i }], $db: 'wire' })),
    )
    const replies = await Promise.all(many.map((c) => c.next()))
    expect(replies.every((r) => r && parseOpMsg(r.body).command.n === 1)).toBe(true)
  })
})
