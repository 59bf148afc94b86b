class IndonesianFirstMiddleware:
    """Serve Indonesian unless the user chose another language with the switch.

    Field phones and office laptops are often set to English; the programme's language is Indonesian,
    so on pages the browser's Accept-Language header is ignored and only the language cookie counts.
    API clients (partners' systems) choose their language explicitly with Accept-Language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
