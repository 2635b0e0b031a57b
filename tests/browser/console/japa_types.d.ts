/** The suite's Japa plugins (tests/bootstrap.ts), for the typechecker: `assert` on the test context. */
import '@japa/assert'
