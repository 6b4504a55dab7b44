/**
 * The printable room poster: A4 portrait at 150 dpi (1240 × 1754 px), drawn with @napi-rs/canvas in
 * Noto Sans SC — a red title band “有事好商量 · 码上议”, the room name (wrapped, then shrunk, never
 * overflowing), the unit path, the room's mini program code large in the middle, the five steps
 * residents follow, the address and the conveners. Pure: takes the data and the code's PNG bytes.
 */
import { createCanvas, GlobalFonts, loadImage, type SKRSContext2D } from '@napi-rs/canvas'

export const POSTER_WIDTH = 1240
export const POSTER_HEIGHT = 1754
/** The code is drawn into a square of this size; request about this width from WeChat. */
export const POSTER_QR_SIZE = 600

const BOLD = 'ShangliangPosterBold'
const REGULAR = 'ShangliangPosterRegular'
const RED = '#B3261E'
const INK = '#1F1F1F'
const GREY = '#5F6368'
const MARGIN = 80
const CONTENT_WIDTH = POSTER_WIDTH - 2 * MARGIN

export const POSTER_STEPS = [
  '微信扫一扫',
  '提出您身边的问题',
  '邻居附议',
  '议事室协商',
  '办理结果回访',
]

let fontsRegistered = false

/** Registers the two Noto Sans SC weights once (10 MB each, so only when a poster is drawn). */
function registerFonts(): void {
  if (fontsRegistered) return
  const files: Array<[string, string]> = [
    ['@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf', BOLD],
    ['@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf', REGULAR],
  ]
  for (const [file, alias] of files) {
    if (!GlobalFonts.registerFromPath(require.resolve(file), alias)) {
      throw new Error(`poster: cannot load font ${file}`)
    }
  }
  fontsRegistered = true
}

export interface PosterData {
  roomName: string
  /** Unit names from the root down to the room's unit. */
  unitPath: readonly string[]
  address?: string
  conveners: readonly string[]
  scene: string
  /** The room's mini program code (PNG bytes from getwxacodeunlimit). */
  qrPng: Buffer
}

/** Splits text into lines no wider than `maxWidth`, breaking between characters (CJK text). */
function wrap(ctx: SKRSContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const char of text) {
    if (line !== '' && ctx.measureText(line + char).width > maxWidth) {
      lines.push(line)
      line = char.trim() === '' ? '' : char
    } else {
      line += char
    }
  }
  if (line !== '') lines.push(line)
  return lines
}

interface FitOptions {
  family: string
  size: number
  minSize: number
  maxWidth: number
  maxLines: number
}

/** The largest size ≤ `size` at which the text fits in `maxLines`; at `minSize` the rest is cut with “…”. */
function fitText(ctx: SKRSContext2D, text: string, options: FitOptions) {
  for (let size = options.size; size >= options.minSize; size -= 2) {
    ctx.font = `${size}px ${options.family}`
    const lines = wrap(ctx, text, options.maxWidth)
    if (lines.length <= options.maxLines) return { size, lines }
  }
  const size = options.minSize
  ctx.font = `${size}px ${options.family}`
  const lines = wrap(ctx, text, options.maxWidth).slice(0, options.maxLines)
  let last = lines[lines.length - 1] ?? ''
  while (last.length > 0 && ctx.measureText(`${last}…`).width > options.maxWidth) {
    last = last.slice(0, -1)
  }
  lines[lines.length - 1] = `${last}…`
  return { size, lines }
}

function lineHeight(size: number): number {
  return Math.round(size * 1.35)
}

/** Draws fitted text centred (or left-aligned at MARGIN); returns the y below it. */
function drawBlock(
  ctx: SKRSContext2D,
  text: string,
  top: number,
  options: FitOptions & { color: string; align?: 'center' | 'left' },
): number {
  const { size, lines } = fitText(ctx, text, options)
  ctx.font = `${size}px ${options.family}`
  ctx.fillStyle = options.color
  ctx.textAlign = options.align ?? 'center'
  const x = options.align === 'left' ? MARGIN : POSTER_WIDTH / 2
  lines.forEach((line, i) => ctx.fillText(line, x, top + i * lineHeight(size)))
  return top + lines.length * lineHeight(size)
}

function measureBlock(ctx: SKRSContext2D, text: string, options: FitOptions): number {
  const { size, lines } = fitText(ctx, text, options)
  return lines.length * lineHeight(size)
}

async function drawCode(ctx: SKRSContext2D, png: Buffer, top: number): Promise<void> {
  const left = (POSTER_WIDTH - POSTER_QR_SIZE) / 2
  ctx.strokeStyle = RED
  ctx.lineWidth = 6
  ctx.beginPath()
  ctx.roundRect(left - 24, top - 24, POSTER_QR_SIZE + 48, POSTER_QR_SIZE + 48, 28)
  ctx.stroke()
  const image = await loadImage(png)
  const scale = POSTER_QR_SIZE / Math.max(image.width, image.height)
  // Whole-pixel upscaling with smoothing off keeps a QR code's modules crisp; downscale smoothly.
  const factor = scale >= 1 ? Math.floor(scale) : scale
  ctx.imageSmoothingEnabled = scale < 1
  const width = image.width * factor
  const height = image.height * factor
  ctx.drawImage(
    image,
    left + (POSTER_QR_SIZE - width) / 2,
    top + (POSTER_QR_SIZE - height) / 2,
    width,
    height,
  )
  ctx.imageSmoothingEnabled = true
}

function drawSteps(ctx: SKRSContext2D, top: number): void {
  const column = CONTENT_WIDTH / POSTER_STEPS.length
  const radius = 30
  const centreY = top + radius
  ctx.strokeStyle = '#E0B4B0'
  ctx.lineWidth = 4
  ctx.beginPath()
  ctx.moveTo(MARGIN + column / 2, centreY)
  ctx.lineTo(MARGIN + column * (POSTER_STEPS.length - 0.5), centreY)
  ctx.stroke()
  POSTER_STEPS.forEach((step, i) => {
    const x = MARGIN + column * (i + 0.5)
    ctx.fillStyle = RED
    ctx.beginPath()
    ctx.arc(x, centreY, radius, 0, Math.PI * 2)
    ctx.fill()
    ctx.fillStyle = '#FFFFFF'
    ctx.textAlign = 'center'
    ctx.font = `32px ${BOLD}`
    ctx.fillText(String(i + 1), x, centreY - 22)
    const { size, lines } = fitText(ctx, step, {
      family: REGULAR,
      size: 28,
      minSize: 22,
      maxWidth: column - 24,
      maxLines: 2,
    })
    ctx.font = `${size}px ${REGULAR}`
    ctx.fillStyle = INK
    lines.forEach((line, j) => ctx.fillText(line, x, centreY + radius + 14 + j * lineHeight(size)))
  })
}

export async function renderRoomPoster(data: PosterData): Promise<Buffer> {
  registerFonts()
  const canvas = createCanvas(POSTER_WIDTH, POSTER_HEIGHT)
  const ctx = canvas.getContext('2d')
  ctx.textBaseline = 'top'
  ctx.fillStyle = '#FFFFFF'
  ctx.fillRect(0, 0, POSTER_WIDTH, POSTER_HEIGHT)

  ctx.fillStyle = RED
  ctx.fillRect(0, 0, POSTER_WIDTH, 290)
  drawBlock(ctx, '有事好商量 · 码上议', 70, {
    family: BOLD,
    size: 84,
    minSize: 60,
    maxWidth: CONTENT_WIDTH,
    maxLines: 1,
    color: '#FFFFFF',
  })
  drawBlock(ctx, '协商议事室 · 扫码提出您身边的问题', 190, {
    family: REGULAR,
    size: 40,
    minSize: 30,
    maxWidth: CONTENT_WIDTH,
    maxLines: 1,
    color: '#FFE9E6',
  })

  // Room name and unit path, centred together in the band above the code.
  const nameOptions = { family: BOLD, size: 88, minSize: 48, maxWidth: CONTENT_WIDTH, maxLines: 2 }
  const pathText = data.unitPath.join(' ')
  const pathOptions = {
    family: REGULAR,
    size: 38,
    minSize: 26,
    maxWidth: CONTENT_WIDTH,
    maxLines: 2,
  }
  const blockHeight =
    measureBlock(ctx, data.roomName, nameOptions) +
    (pathText ? 16 + measureBlock(ctx, pathText, pathOptions) : 0)
  let y = 320 + Math.max(0, (360 - blockHeight) / 2)
  y = drawBlock(ctx, data.roomName, y, { ...nameOptions, color: INK })
  if (pathText) drawBlock(ctx, pathText, y + 16, { ...pathOptions, color: GREY })

  const qrTop = 720
  await drawCode(ctx, data.qrPng, qrTop)
  drawBlock(ctx, '微信扫一扫 · 进入议事室', qrTop + POSTER_QR_SIZE + 44, {
    family: BOLD,
    size: 44,
    minSize: 36,
    maxWidth: CONTENT_WIDTH,
    maxLines: 1,
    color: RED,
  })

  drawSteps(ctx, 1450)

  let infoY = 1616
  const info = { family: REGULAR, size: 30, minSize: 22, maxWidth: CONTENT_WIDTH, color: INK }
  if (data.address) infoY = drawBlock(ctx, `地址：${data.address}`, infoY, { ...info, maxLines: 1 })
  if (data.conveners.length > 0) {
    drawBlock(ctx, `召集人：${data.conveners.join('、')}`, infoY + 2, { ...info, maxLines: 1 })
  }

  ctx.fillStyle = RED
  ctx.fillRect(0, POSTER_HEIGHT - 50, POSTER_WIDTH, 50)
  drawBlock(ctx, `议事室码 ${data.scene} · 众人的事情由众人商量`, POSTER_HEIGHT - 42, {
    family: REGULAR,
    size: 24,
    minSize: 18,
    maxWidth: CONTENT_WIDTH,
    maxLines: 1,
    color: '#FFFFFF',
  })
  return canvas.encode('png')
}
