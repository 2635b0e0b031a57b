export default class OpenApiService {
  static document() {
    return { openapi: '3.1.0', info: { title: 'Engify API', version: '1.0.0' }, paths: {} }
  }
}
