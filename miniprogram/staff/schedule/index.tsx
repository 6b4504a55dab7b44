import PageShell from '@/components/page-shell'
import { Empty } from '@/components/load-state'

// PLACEHOLDER — replaced by the helper that owns this page.
export default function Placeholder() {
  return (
    <PageShell>
      <Empty title="安排协商会" />
    </PageShell>
  )
}
