import { Button, Checkbox, Muted, Text, VerticalSpace } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useEffect, useRef } from 'preact/hooks'

import { COMPARE_KEY, usePressAndHold } from '../hooks/use-hold-to-compare.js'
import type { ResultTray as Tray, TrayItem } from '../hooks/use-result-tray.js'
import { ErrorBanner } from './error-banner.js'

const CHECKERBOARD =
  'repeating-conic-gradient(var(--figma-color-bg-secondary) 0% 25%, var(--figma-color-bg) 0% 50%) 50% / 12px 12px'

function TrayThumbnail({
  item,
  number,
  selected,
  comparing,
  onToggle
}: {
  readonly item: TrayItem
  readonly number: number
  readonly selected: boolean
  /** The compare key is held: every thumbnail shows its original. */
  readonly comparing: boolean
  readonly onToggle: () => void
}) {
  const { pressed, handlers } = usePressAndHold()
  const original = (pressed || comparing) && item.originalUrl !== undefined
  const seed = item.params.seed === null ? undefined : item.params.seed + item.variation
  return (
    <li style={{ minWidth: 0 }}>
      <img
        src={original ? item.originalUrl : item.url}
        alt={original ? `Original of result ${number}` : `Result ${number}`}
        title={`Hold (or press Space or ${COMPARE_KEY}) to see the original`}
        tabIndex={0}
        draggable={false}

        {...handlers}
        style={{
          display: 'block',
          boxSizing: 'border-box',
          width: '100%',
          height: 128,
          objectFit: 'contain',
          borderRadius: 6,
          cursor: 'zoom-in',
          userSelect: 'none',
          background: CHECKERBOARD,
          border: `2px solid ${selected ? 'var(--figma-color-border-selected)' : 'var(--figma-color-border)'}`
        }}
      />
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', marginTop: 4 }}>
        {item.placed ? (
          <Text>
            <Muted>Result {number} · placed</Muted>
          </Text>
        ) : (
          <Checkbox value={selected} onValueChange={onToggle}>
            <Text>Result {number}</Text>
          </Checkbox>
        )}
        {seed !== undefined ? (
          <Text>
            <Muted>seed {seed}</Muted>
          </Text>
        ) : null}
      </div>
    </li>
  )
}

/**
 * The results of the latest runs, large (two a row across the window), to pick from before anything lands
 * on the canvas: Insert selected, Insert all, Discard, and More like this (same settings, new seeds).
 */
export function ResultTray({
  tray,
  comparing,
  moreDisabled,
  onMore
}: {
  readonly tray: Tray
  readonly comparing: boolean
  /** Why More like this cannot run now (a run in progress, no selection…), or undefined. */
  readonly moreDisabled?: string
  readonly onMore: () => void
}) {
  const ref = useRef<HTMLElement>(null)
  const count = tray.items.length
  useEffect(() => ref.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' }), [count])
  if (count === 0) {
    // Results Figma would not place are gone from the tray; what went wrong still shows.
    return tray.error !== undefined ? <ErrorBanner message={tray.error} /> : null
  }
  const waiting = tray.items.filter((item) => !item.placed)
  const chosen = waiting.filter((item) => tray.selected.has(item.key))
  return (
    <section ref={ref} aria-label="Results to place">
      <Text>
        Results{' '}
        <Muted>
          · {waiting.length} to place · hold an image or {COMPARE_KEY} to compare
        </Muted>
      </Text>
      <VerticalSpace space="extraSmall" />
      <ul
        style={{
          display: 'grid',
          gridTemplateColumns: '1fr 1fr',
          gap: 8,
          listStyle: 'none',
          margin: 0,
          padding: 0
        }}
      >
        {tray.items.map((item, index) => (
          <TrayThumbnail
            key={item.key}
            item={item}
            number={index + 1}
            selected={tray.selected.has(item.key)}
            comparing={comparing}
            onToggle={() => tray.toggle(item.key)}
          />
        ))}
      </ul>
      <VerticalSpace space="small" />
      {tray.error !== undefined ? (
        <div>
          <ErrorBanner message={tray.error} />
          <VerticalSpace space="small" />
        </div>
      ) : null}
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }}>
        <Button
          fullWidth
          loading={tray.inserting}
          disabled={chosen.length === 0}
          onClick={() => void tray.insert(chosen.map((item) => item.key))}
        >
          Insert selected
        </Button>
        <Button
          fullWidth
          secondary
          disabled={waiting.length === 0 || tray.inserting}
          onClick={() => void tray.insert()}
        >
          Insert all
        </Button>
        <Button fullWidth secondary disabled={moreDisabled !== undefined} onClick={onMore}>
          More like this
        </Button>
        <Button fullWidth secondary disabled={tray.inserting} onClick={tray.discard}>
          Discard
        </Button>
      </div>
      {chosen.length === 0 && waiting.length > 0 ? (
        <Text style={{ marginTop: 4 }}>
          <Muted>Tick the results to place, or use Insert all.</Muted>
        </Text>
      ) : moreDisabled !== undefined ? (
        <Text style={{ marginTop: 4 }}>
          <Muted>More like this: {moreDisabled}</Muted>
        </Text>
      ) : null}
    </section>
  )
}
