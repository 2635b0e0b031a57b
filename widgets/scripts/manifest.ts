/**
 * Writes `dist/custom-elements.json` (schema 2.1) from the elements' source and JSDoc.
 *
 * A small script on the TypeScript compiler API the repo already has, instead of
 * `@custom-elements-manifest/analyzer`, which pins its own TypeScript and pulls ~40 packages for what
 * is here two classes. It reads: the class JSDoc (`@summary @tag @fires @slot @csspart @cssprop`),
 * `@property` fields (attribute, type, default, JSDoc, including those inherited from the shared base
 * class), public methods, and the `--engify-*` properties the shared theme reads.
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

interface Member {
  kind: 'field' | 'method'
  name: string
  description?: string
  type?: { text: string }
  default?: string
  attribute?: string
  reflects?: boolean
  inheritedFrom?: { name: string; module: string }
}

const THEME_PROPERTIES: Record<string, string> = {
  '--engify-color-background': 'Background of the widget.',
  '--engify-color-surface': 'Background of list items, the answer and buttons.',
  '--engify-color-text': 'Text color.',
  '--engify-color-muted': 'Secondary text color.',
  '--engify-color-border': 'Border color of the box, inputs and list items.',
  '--engify-color-accent': 'Primary buttons, selection, links.',
  '--engify-color-on-accent': 'Text on the accent color.',
  '--engify-color-danger': 'Errors and invalid fields.',
  '--engify-color-focus': 'Focus ring.',
  '--engify-color-selected': 'Background of the selected prompt.',
  '--engify-color-star': 'Rating stars.',
  '--engify-font-family': 'Font of the widget.',
  '--engify-font-size': 'Base font size (default 15px); everything else scales with it.',
  '--engify-radius': 'Corner radius of the box (controls use half of it).',
  '--engify-spacing': 'Inner padding of the box.',
}

const jsDocOf = (node: ts.Node) => (node as { jsDoc?: ts.JSDoc[] }).jsDoc?.at(-1)
const commentText = (comment: ts.JSDoc['comment']) =>
  (typeof comment === 'string'
    ? comment
    : (comment?.map((part) => part.text).join('') ?? '')
  ).trim()
const hasModifier = (node: ts.Node, kind: ts.SyntaxKind) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind)

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? walk(path.join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [path.join(dir, entry.name)]
        : []
  )
}

function fieldFrom(member: ts.PropertyDeclaration, source: ts.SourceFile): Member | undefined {
  const decorator = (ts.getDecorators(member) ?? [])
    .map((d) => d.expression)
    .find(
      (e): e is ts.CallExpression =>
        ts.isCallExpression(e) && e.expression.getText(source) === 'property'
    )
  if (!decorator) return undefined
  const name = member.name.getText(source)
  const options = decorator.arguments[0]
  let attribute = name.toLowerCase()
  let reflects = false
  let declaredType: string | undefined
  if (options && ts.isObjectLiteralExpression(options)) {
    for (const option of options.properties) {
      if (!ts.isPropertyAssignment(option)) continue
      const value = option.initializer.getText(source)
      if (option.name.getText(source) === 'attribute')
        attribute = JSON.parse(value.replace(/'/g, '"'))
      if (option.name.getText(source) === 'reflect') reflects = value === 'true'
      if (option.name.getText(source) === 'type') declaredType = value.toLowerCase()
    }
  }
  const initializer = member.initializer?.getText(source)
  const type =
    member.type?.getText(source) ??
    declaredType ??
    (initializer?.startsWith("'")
      ? 'string'
      : initializer && /^\d/.test(initializer)
        ? 'number'
        : undefined)
  return {
    kind: 'field',
    name,
    description: commentText(jsDocOf(member)?.comment),
    type: type ? { text: type } : undefined,
    default: initializer,
    attribute,
    reflects: reflects || undefined,
  }
}

export function writeManifest(root: string) {
  const srcDir = path.join(root, 'src')
  const classes = new Map<
    string,
    {
      module: string
      members: Member[]
      base?: string
      node: ts.ClassDeclaration
      source: ts.SourceFile
    }
  >()
  for (const file of walk(srcDir)) {
    const source = ts.createSourceFile(
      file,
      readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true
    )
    const module = path.relative(root, file).replaceAll(path.sep, '/')
    source.forEachChild((node) => {
      if (!ts.isClassDeclaration(node) || !node.name) return
      const members: Member[] = []
      for (const member of node.members) {
        if (
          hasModifier(member, ts.SyntaxKind.PrivateKeyword) ||
          hasModifier(member, ts.SyntaxKind.ProtectedKeyword)
        )
          continue
        if (
          hasModifier(member, ts.SyntaxKind.StaticKeyword) ||
          hasModifier(member, ts.SyntaxKind.OverrideKeyword)
        )
          continue
        if (ts.isPropertyDeclaration(member)) {
          const field = fieldFrom(member, source)
          if (field) members.push(field)
        } else if (ts.isMethodDeclaration(member) && jsDocOf(member)) {
          members.push({
            kind: 'method',
            name: member.name.getText(source),
            description: commentText(jsDocOf(member)?.comment),
          })
        }
      }
      const base = node.heritageClauses?.[0]?.types[0]?.expression.getText(source)
      classes.set(node.name.text, { module, members, base, node, source })
    })
  }

  const modules: unknown[] = []
  for (const [name, info] of classes) {
    const doc = jsDocOf(info.node)
    const tags = doc?.tags ?? []
    const tagName = tags.find((tag) => tag.tagName.text === 'tag')
    if (!tagName) continue
    const tagged = (kind: string) =>
      tags
        .filter((tag) => tag.tagName.text === kind)
        .map((tag) => {
          const text = commentText(tag.comment)
          // `@slot - description` documents the default (unnamed) slot.
          if (text.startsWith('- ')) return { name: '', description: text.slice(2).trim() }
          const [head, ...rest] = text.split(' - ')
          return { name: head.trim(), description: rest.join(' - ').trim() }
        })
    const inherited = info.base ? classes.get(info.base) : undefined
    const members = [
      ...info.members,
      ...(inherited?.members ?? []).map((member) => ({
        ...member,
        inheritedFrom: { name: info.base!, module: inherited!.module },
      })),
    ]
    const cssProperties = [
      ...Object.entries(THEME_PROPERTIES).map(([property, description]) => ({
        name: property,
        description,
      })),
      ...tagged('cssprop'),
    ]
    const tag = commentText(tagName.comment)
    modules.push({
      kind: 'javascript-module',
      path: info.module,
      declarations: [
        {
          kind: 'class',
          name,
          customElement: true,
          tagName: tag,
          summary: commentText(tags.find((t) => t.tagName.text === 'summary')?.comment),
          description: commentText(doc?.comment),
          superclass: info.base ? { name: info.base, module: inherited?.module } : undefined,
          members,
          attributes: members
            .filter((member) => member.attribute)
            .map(
              ({
                name: fieldName,
                attribute,
                description,
                type,
                default: value,
                inheritedFrom,
              }) => ({
                name: attribute,
                fieldName,
                description,
                type,
                default: value,
                inheritedFrom,
              })
            ),
          events: tagged('fires').map((event) => ({ ...event, type: { text: 'CustomEvent' } })),
          slots: tagged('slot'),
          cssParts: tagged('csspart'),
          cssProperties,
        },
      ],
      exports: [
        { kind: 'js', name, declaration: { name, module: info.module } },
        {
          kind: 'custom-element-definition',
          name: tag,
          declaration: { name, module: info.module },
        },
      ],
    })
  }
  const manifest = { schemaVersion: '2.1.0', readme: 'README.md', modules }
  mkdirSync(path.join(root, 'dist'), { recursive: true })
  writeFileSync(
    path.join(root, 'dist', 'custom-elements.json'),
    `${JSON.stringify(manifest, null, 2)}\n`
  )
  return manifest
}
