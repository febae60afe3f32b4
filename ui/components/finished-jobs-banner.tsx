import { Banner, Button, Columns, IconCheckCircle32, VerticalSpace } from '@create-figma-plugin/ui'
import { pluralize } from '@create-figma-plugin/utilities'
import { h } from 'preact'

import type { FinishedJobs } from '../hooks/use-finished-jobs.js'

/** "N relights finished while Relight was closed" with Insert; nothing when there are none. */
export function FinishedJobsBanner({ finished }: { readonly finished: FinishedJobs }) {
  const count = finished.jobs.length
  if (count === 0) return null
  return (
    <div role="status">
      <Banner icon={<IconCheckCircle32 />} variant="success">
        {count} {pluralize(count, 'relight')} finished while Relight was closed.
      </Banner>
      <VerticalSpace space="extraSmall" />
      <Columns space="extraSmall">
        <Button fullWidth loading={finished.inserting} onClick={() => void finished.insert()}>
          Insert
        </Button>
        <Button fullWidth secondary disabled={finished.inserting} onClick={finished.dismiss}>
          Not now
        </Button>
      </Columns>
      <VerticalSpace space="medium" />
    </div>
  )
}
