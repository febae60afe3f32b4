import { Text, VerticalSpace } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useEffect, useRef } from 'preact/hooks'

/** The results placed on the canvas in this run. */
export function ResultThumbnails({ urls }: { readonly urls: readonly string[] }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => ref.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' }), [urls.length])
  if (urls.length === 0) return null
  return (
    <div ref={ref}>
      <Text>Placed</Text>
      <VerticalSpace space="extraSmall" />
      <ul style={{ display: 'flex', flexWrap: 'wrap', gap: 6, listStyle: 'none', margin: 0, padding: 0 }}>
        {urls.map((url, index) => (
          <li key={url}>
            <img
              src={url}
              alt={`Placed result ${index + 1}`}
              style={{
                width: 48,
                height: 48,
                objectFit: 'contain',
                borderRadius: 4,
                border: '1px solid var(--figma-color-border)',
                background: 'var(--figma-color-bg-secondary)'
              }}
            />
          </li>
        ))}
      </ul>
    </div>
  )
}
