import { signal } from '@preact/signals'

export interface Notice {
  id: number
  text: string
  tone: 'info' | 'success' | 'error'
}

/** Short confirmations ("Key revoked") read out through one polite live region. */
export function createNoticeModel() {
  const items = signal<Notice[]>([])
  let next = 1

  function dismiss(id: number) {
    items.value = items.value.filter((n) => n.id !== id)
  }

  function push(text: string, tone: Notice['tone'] = 'success') {
    const id = next++
    items.value = [...items.value.slice(-3), { id, text, tone }]
    setTimeout(() => dismiss(id), 6000)
  }

  return { items, push, dismiss }
}

export type NoticeModel = ReturnType<typeof createNoticeModel>
