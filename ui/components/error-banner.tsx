import { Banner, IconWarning32 } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useEffect, useRef } from 'preact/hooks'

/** An error in words that say what to do, one line per problem, scrolled into view when it appears. */
export function ErrorBanner({ message }: { readonly message: string }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => ref.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' }), [message])
  return (
    <div ref={ref} role="alert">
      <Banner icon={<IconWarning32 />} variant="warning">
        {message.split('\n').map((line) => (
          <div key={line}>{line}</div>
        ))}
      </Banner>
    </div>
  )
}
