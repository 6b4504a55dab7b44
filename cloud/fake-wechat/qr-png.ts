/**
 * Renders a QR code as PNG: the `qrcode` package builds the module matrix, pngjs writes the image with
 * filter type 0 (qrcode's own PNG path tries every filter per row and is ~20x slower under jest).
 */
import QRCode from 'qrcode'
import { PNG } from 'pngjs'

const QUIET_ZONE = 4 // modules of blank border the QR spec asks for

export interface QrStyle {
  /** Approximate image width in px; the image is the largest whole-pixel module grid that fits. */
  width: number
  dark: [number, number, number]
  /** Transparent background (WeChat's is_hyaline). */
  transparent: boolean
}

export function renderQrPng(text: string, style: QrStyle): Buffer {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const modules = qr.modules.size
  const span = modules + 2 * QUIET_ZONE
  const scale = Math.max(1, Math.floor(style.width / span))
  const size = span * scale
  const png = new PNG({ width: size, height: size, colorType: 6, filterType: 0 })
  const light = style.transparent ? [255, 255, 255, 0] : [255, 255, 255, 255]
  const dark = [...style.dark, 255]
  for (let y = 0; y < size; y++) {
    const my = Math.floor(y / scale) - QUIET_ZONE
    for (let x = 0; x < size; x++) {
      const mx = Math.floor(x / scale) - QUIET_ZONE
      const on = my >= 0 && mx >= 0 && my < modules && mx < modules && qr.modules.get(my, mx) === 1
      const color = on ? dark : light
      const i = (y * size + x) * 4
      png.data[i] = color[0]
      png.data[i + 1] = color[1]
      png.data[i + 2] = color[2]
      png.data[i + 3] = color[3]
    }
  }
  return PNG.sync.write(png, { colorType: 6, filterType: 0 })
}
