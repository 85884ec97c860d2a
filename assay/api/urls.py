from ninja import NinjaAPI

api = NinjaAPI(title="Assay API", version="1", urls_namespace="api")
