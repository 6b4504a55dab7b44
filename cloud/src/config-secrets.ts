/**
 * Development-only JWT secrets: generated once and kept in `DATA_DIR/dev-secrets.json`, so logins
 * survive a restart of `npm start` without anyone having to invent a secret.
 * Production never gets here with a missing secret (config.ts refuses it first).
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export interface JwtSecrets {
  readonly accessSecret: string
  readonly refreshSecret: string
}

const FILE_NAME = 'dev-secrets.json'

function generate(): string {
  return randomBytes(48).toString('base64url')
}

function readStored(file: string): Partial<JwtSecrets> {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'))
    if (!parsed || typeof parsed !== 'object') return {}
    const { accessSecret, refreshSecret } = parsed as Record<string, unknown>
    return {
      accessSecret:
        typeof accessSecret === 'string' && accessSecret.length >= 32 ? accessSecret : undefined,
      refreshSecret:
        typeof refreshSecret === 'string' && refreshSecret.length >= 32 ? refreshSecret : undefined,
    }
  } catch {
    // Missing or unreadable: treat as not generated yet.
    return {}
  }
}

/** Fills missing secrets; `dataDir: null` → throw-away secrets for this process only. */
export function resolveDevSecrets(
  given: { accessSecret?: string; refreshSecret?: string },
  dataDir: string | null,
): JwtSecrets {
  if (given.accessSecret && given.refreshSecret) {
    return { accessSecret: given.accessSecret, refreshSecret: given.refreshSecret }
  }
  if (dataDir === null) {
    return {
      accessSecret: given.accessSecret ?? generate(),
      refreshSecret: given.refreshSecret ?? generate(),
    }
  }
  const file = path.join(dataDir, FILE_NAME)
  const stored = readStored(file)
  const secrets = {
    accessSecret: stored.accessSecret ?? generate(),
    refreshSecret: stored.refreshSecret ?? generate(),
  }
  if (!stored.accessSecret || !stored.refreshSecret) {
    fs.mkdirSync(dataDir, { recursive: true })
    fs.writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 })
  }
  return {
    accessSecret: given.accessSecret ?? secrets.accessSecret,
    refreshSecret: given.refreshSecret ?? secrets.refreshSecret,
  }
}
