import { AppError } from '#exceptions/app_error'
import type { PromptVariable } from '#models/prompt_version'

export type VariableValues = Record<string, string | number | boolean>

interface FieldError {
  field: string
  rule: string
  message: string
}

const failed = (code: string, message: string, fields: FieldError[]) =>
  new AppError(422, code, message, { details: { fields } })

/**
 * Checks a prompt's variable declarations when it is saved: unique names, enum values for
 * enums, defaults of the declared type. Returns them normalized (required defaults to false).
 */
export function checkDeclarations(
  variables: (Omit<PromptVariable, 'required'> & { required?: boolean })[]
): PromptVariable[] {
  const errors: FieldError[] = []
  const seen = new Set<string>()
  variables.forEach((variable, index) => {
    const field = `variables.${index}`
    if (seen.has(variable.name))
      errors.push({
        field: `${field}.name`,
        rule: 'unique',
        message: `Duplicate variable "${variable.name}"`,
      })
    seen.add(variable.name)
    if (variable.type === 'enum' && !variable.enumValues?.length) {
      errors.push({
        field: `${field}.enumValues`,
        rule: 'required',
        message: 'An enum variable needs enumValues',
      })
    }
    if (variable.type !== 'enum' && variable.enumValues) {
      errors.push({
        field: `${field}.enumValues`,
        rule: 'not_applicable',
        message: 'Only enum variables take enumValues',
      })
    }
    if (variable.maxLength !== undefined && variable.type !== 'text') {
      errors.push({
        field: `${field}.maxLength`,
        rule: 'not_applicable',
        message: 'Only text variables take maxLength',
      })
    }
    if (variable.default !== undefined) {
      const problem = valueProblem(variable as PromptVariable, variable.default)
      if (problem) errors.push({ field: `${field}.default`, rule: 'type', message: problem })
    }
  })
  if (errors.length)
    throw failed('invalid_variables', 'The variable declarations are invalid', errors)
  return variables.map((variable) => ({ ...variable, required: variable.required ?? false }))
}

function valueProblem(variable: PromptVariable, value: unknown): string | null {
  switch (variable.type) {
    case 'text':
      if (typeof value !== 'string') return 'must be a string'
      if (variable.maxLength !== undefined && value.length > variable.maxLength)
        return `must be at most ${variable.maxLength} characters`
      return null
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number'
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false'
    case 'enum':
      return typeof value === 'string' && (variable.enumValues ?? []).includes(value)
        ? null
        : `must be one of: ${(variable.enumValues ?? []).join(', ')}`
  }
}

/**
 * Run-time check of the values a caller sends against the declarations: required ones present,
 * types and limits respected, unknown names refused, defaults filled in. 422 with one entry per
 * problem, so a widget can mark each field.
 */
export function resolveValues(variables: PromptVariable[], input: unknown): VariableValues {
  const given = (
    input && typeof input === 'object' && !Array.isArray(input) ? input : {}
  ) as Record<string, unknown>
  const errors: FieldError[] = []
  const values: VariableValues = {}
  const declared = new Set(variables.map((variable) => variable.name))
  for (const name of Object.keys(given)) {
    if (!declared.has(name))
      errors.push({
        field: `variables.${name}`,
        rule: 'unknown',
        message: `Unknown variable "${name}"`,
      })
  }
  for (const variable of variables) {
    const field = `variables.${variable.name}`
    const raw = given[variable.name]
    if (raw === undefined || raw === null || raw === '') {
      if (variable.default !== undefined) values[variable.name] = variable.default
      else if (variable.required)
        errors.push({
          field,
          rule: 'required',
          message: `${variable.label ?? variable.name} is required`,
        })
      continue
    }
    const problem = valueProblem(variable, raw)
    if (problem)
      errors.push({ field, rule: 'type', message: `${variable.label ?? variable.name} ${problem}` })
    else values[variable.name] = raw as string | number | boolean
  }
  if (errors.length)
    throw failed('invalid_variables', 'Some variables are missing or invalid', errors)
  return values
}

/** Fills `{{name}}` placeholders; unknown placeholders are left as written. */
export function render(template: string, values: VariableValues): string {
  return template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (match, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : match
  )
}
