import OpenApiService from '#services/openapi_service'

export default class OpenApiController {
  async show() {
    return OpenApiService.document()
  }
}
