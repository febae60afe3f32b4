import { Text } from '@create-figma-plugin/ui'
import { h } from 'preact'

import { lightFromPrompt } from '../../src/engine/index.js'

/** For Studio: the prompt's words it reads for colour and strength, marked; the rest it ignores. */
export function UnderstoodWords({ prompt }: { readonly prompt: string }) {
  if (prompt.trim() === '') return null
  const { matched } = lightFromPrompt(prompt)
  return (
    <Text style={{ color: 'var(--figma-color-text-secondary)', marginTop: 4 }}>
      <span aria-live="polite">
        {matched.length === 0 ? (
          'Studio knows none of these words; it will light by position only.'
        ) : (
          <span>
            Studio understood:{' '}
            {matched.map((word, index) => (
              <span key={word}>
                {index > 0 ? ', ' : ''}
                <mark
                  style={{
                    background: 'var(--figma-color-bg-brand-tertiary, #e5f4ff)',
                    color: 'var(--figma-color-text)',
                    borderRadius: 2,
                    padding: '0 2px'
                  }}
                >
                  {word}
                </mark>
              </span>
            ))}
          </span>
        )}
      </span>
    </Text>
  )
}
