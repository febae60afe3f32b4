import { SegmentedControl, Text, TextboxMultiline, VerticalSpace } from '@create-figma-plugin/ui'
import { h } from 'preact'

import type { ModelView } from '../../src/protocol/api.js'
import { PROMPT_MAX_LENGTH } from '../../src/protocol/catalog.js'
import type { ModelChoices, Settings } from '../../src/protocol/events.js'
import { type MaskMode, MAX_VARIATIONS, type Output } from '../../src/protocol/options.js'
import type { LightControl, LightOption } from '../lib/light-options.js'
import type { MaskChoice } from '../lib/mask-choices.js'
import { outputReason, variationsReason } from '../lib/option-reasons.js'
import { CaretOnFocus } from './caret-on-focus.js'
import { Field } from './field.js'
import { LightControls } from './light-controls.js'
import { LightPad } from './light-pad.js'
import { MaskControl } from './mask-control.js'
import { ModelDropdown } from './model-dropdown.js'
import { ModelNotes } from './model-notes.js'
import { MoreSection, type MoreSectionProps } from './more-section.js'
import { PresetChips } from './preset-chips.js'
import { ReasonOnFocus } from './reason-on-focus.js'
import { UnderstoodWords } from './understood-words.js'

const VARIATIONS = Array.from({ length: MAX_VARIATIONS }, (_, i) => i + 1)

/** The prompt's counter shows from this many characters left. */
const PROMPT_COUNTER_FROM = 40

export interface RelightFormProps {
  readonly settings: Settings
  readonly update: (change: Partial<Settings>) => void
  readonly models: readonly ModelView[]
  readonly model: ModelView | undefined
  /** The output shown as chosen: the designer's choice, or the default for the selected layer. */
  readonly output: Output
  /** False when no selected layer has transparency: Cut-out would be the same image as Scene. */
  readonly cutoutAvailable: boolean
  readonly disabled: boolean
  readonly mask: {
    readonly choices: readonly MaskChoice[]
    readonly value: MaskMode | undefined
    readonly chosen: MaskMode | undefined
    readonly onChange: (mode: MaskMode) => void
  }
  /** Strength and temperature of the light, kept per model. */
  readonly light?: {
    readonly controls: Readonly<Record<LightOption, LightControl>>
    readonly onChange: (change: Partial<ModelChoices>) => void
  }
  /** The More section for the selected model; absent while there is no model. */
  readonly more?: Omit<MoreSectionProps, 'disabled'>
}

/** Prompt, Light, Model, Mask, Output, Variations and the collapsed More: every control labelled. */
export function RelightForm({
  settings,
  update,
  models,
  model,
  output,
  cutoutAvailable,
  disabled,
  mask,
  light,
  more
}: RelightFormProps) {
  const maxImages = model?.maxImages ?? MAX_VARIATIONS
  const outputs = model?.outputs ?? ['scene', 'cutout']
  const left = PROMPT_MAX_LENGTH - settings.prompt.length
  const outputWhy = outputReason(model, cutoutAvailable)
  const variationsWhy = variationsReason(model)
  return (
    <div>
      <PresetChips prompt={settings.prompt} disabled={disabled} onPick={(prompt) => update({ prompt })} />
      <VerticalSpace space="extraSmall" />
      <Field label="Prompt" htmlFor="relight-prompt">
        <CaretOnFocus>
          <TextboxMultiline
            id="relight-prompt"
            aria-label="Prompt"
            variant="border"
            rows={2}
            placeholder="e.g. warm sunset, neon night, soft window light"
            value={settings.prompt}
            disabled={disabled}
            onValueInput={(prompt) => update({ prompt })}
          />
        </CaretOnFocus>
        {/* Near the limit only: a count the whole time would be noise. */}
        {left <= PROMPT_COUNTER_FROM ? (
          <Text
            align="right"
            style={{
              color: left < 0 ? 'var(--figma-color-text-danger)' : 'var(--figma-color-text-secondary)'
            }}
          >
            <span aria-live="polite">
              {left >= 0 ? `${left} characters left` : `${-left} characters over the limit`}
            </span>
          </Text>
        ) : null}
        {model?.provider === 'local' ? <UnderstoodWords prompt={settings.prompt} /> : null}
      </Field>
      <VerticalSpace space="small" />
      <Field label="Light">
        <LightPad
          value={settings.lightSource}
          model={model}
          disabled={disabled}
          onChange={(lightSource) => update({ lightSource })}
        />
      </Field>
      {light !== undefined ? (
        <div>
          <VerticalSpace space="small" />
          <LightControls controls={light.controls} disabled={disabled} onChange={light.onChange} />
        </div>
      ) : null}
      <VerticalSpace space="small" />
      <Field label="Model">
        <ModelDropdown
          models={models}
          value={model?.id ?? settings.model}
          disabled={disabled}
          onChange={(id) => update({ model: id })}
        />
        <ModelNotes models={models} wanted={settings.model} model={model} />
      </Field>
      <VerticalSpace space="small" />
      <MaskControl
        choices={mask.choices}
        value={mask.value}
        chosen={mask.chosen !== mask.value ? mask.chosen : undefined}
        disabled={disabled}
        onChange={mask.onChange}
      />
      <VerticalSpace space="small" />
      <div style={{ display: 'flex', gap: 12 }}>
        <div style={{ flex: 1 }}>
          <ReasonOnFocus id="relight-output-reason" reason={outputWhy}>
            <Field
              label="Output"
              group
              {...(outputWhy !== undefined ? { describedBy: 'relight-output-reason' } : {})}
            >
              <SegmentedControl
                disabled={disabled}
                value={output}
                options={[
                  { value: 'scene', children: 'Scene', disabled: !outputs.includes('scene') },
                  {
                    value: 'cutout',
                    children: 'Cut-out',
                    disabled: !outputs.includes('cutout') || !cutoutAvailable
                  }
                ]}
                onValueChange={(value) => update({ output: value as Output })}
              />
            </Field>
          </ReasonOnFocus>
        </div>
        <div style={{ flex: 1 }}>
          <ReasonOnFocus id="relight-variations-reason" reason={variationsWhy}>
            <Field
              label="Variations"
              group
              {...(variationsWhy !== undefined ? { describedBy: 'relight-variations-reason' } : {})}
            >
              <SegmentedControl
                disabled={disabled}
                value={String(Math.min(settings.numImages, maxImages))}
                options={VARIATIONS.map((count) => ({ value: String(count), disabled: count > maxImages }))}
                onValueChange={(value) => update({ numImages: Number(value) })}
              />
            </Field>
          </ReasonOnFocus>
        </div>
      </div>
      {more !== undefined ? (
        <div>
          <VerticalSpace space="small" />
          <MoreSection {...more} disabled={disabled} />
        </div>
      ) : null}
    </div>
  )
}
