import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code drawn as SVG (crisp on a phone and on paper); `label` is what a screen reader says. */
export function Qr({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toString(text, {
      type: 'svg',
      margin: 2,
      errorCorrectionLevel: 'M',
      color: { dark: '#000000', light: '#ffffff' },
    }).then((s) => live && setSvg(s));
    return () => {
      live = false;
    };
  }, [text]);
  return (
    <div
      className="qr"
      role="img"
      aria-label={label}
      data-testid={testId}
      data-qr={text}
      // the SVG is generated here from the text, never from the server's HTML
      // biome-ignore lint/security/noDangerouslySetInnerHtml: our own QR library's SVG
      dangerouslySetInnerHTML={svg ? { __html: svg } : undefined}
    />
  );
}
