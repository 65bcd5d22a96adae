package io.egressgate.server.api;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.servers.Server;

/**
 * Finishes the document /openapi serves (registered as mp.openapi.filter in
 * META-INF/microprofile-config.properties): what the bearer token filter (security package) answers before any
 * resource runs is on every operation, and what Payara adds that is not OpenAPI is taken out.
 */
public class OpenApiDocumentFilter implements OASFilter {

    private static final String PROBLEM = "Problem";
    private static final String UNAUTHORIZED = "Unauthorized";
    private static final String FORBIDDEN = "Forbidden";

    /** Every /api/v1 call passes the bearer filter first, so any of them can answer 401 or 403. */
    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createObject(APIResponses.class));
        }
        // the errors a resource declares are problem documents too
        operation.getResponses().getAPIResponses().forEach((code, response) -> {
            boolean withoutBody = response.getContent() == null || response.getContent().getMediaTypes().isEmpty();
            if (code.startsWith("4") && response.getRef() == null && withoutBody) {
                response.setContent(problemContent());
            }
        });
        operation.getResponses()
                .addAPIResponse("401", OASFactory.createObject(APIResponse.class).ref(UNAUTHORIZED))
                .addAPIResponse("403", OASFactory.createObject(APIResponse.class).ref(FORBIDDEN));
        return operation;
    }

    /** Payara names the server with the context root "/", and server URL + path would give "//api". */
    @Override
    public Server filterServer(Server server) {
        String url = server.getUrl();
        if (url != null && url.length() > 1 && url.endsWith("/")) {
            server.setUrl(url.substring(0, url.length() - 1));
        }
        return server;
    }

    @Override
    public void filterOpenAPI(OpenAPI document) {
        if (document.getComponents() == null) {
            document.setComponents(OASFactory.createObject(Components.class));
        }
        document.getComponents()
                .addSchema(PROBLEM, problemSchema())
                .addResponse(UNAUTHORIZED, problemResponse(
                        "no Authorization: Bearer header, or the token is unknown or revoked"))
                .addResponse(FORBIDDEN, problemResponse("the token's role may not make this call: reading needs a "
                        + "viewer or admin token; changing anything, and every call on /tokens, needs an admin "
                        + "token; gateway and metrics tokens may not use the API"));
        dropPayaraEndpoints(document);
    }

    /**
     * Payara 6.2025.10 writes a top-level "endpoints" list of its own, which OpenAPI does not allow
     * (later Payara versions call it x-endpoints, payara/Payara#7891). It lives only on Payara's model
     * class, so it is reached by name; emptied, it is left out of the document.
     */
    private static void dropPayaraEndpoints(OpenAPI document) {
        try {
            if (document.getClass().getMethod("getEndpoints").invoke(document) instanceof Map<?, ?> endpoints) {
                endpoints.clear();
            }
        } catch (NoSuchMethodException another) {
            // another OpenAPI implementation: nothing of Payara's to drop
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot drop Payara's endpoints from the OpenAPI document", e);
        }
    }

    private static Schema problemSchema() {
        return OASFactory.createObject(Schema.class).type(Schema.SchemaType.OBJECT)
                .description("An RFC 7807 problem document; some errors add members, such as the id of a locked entry")
                .addRequired("type").addRequired("title").addRequired("status").addRequired("detail")
                .addProperty("type", text("always about:blank"))
                .addProperty("title", text("the HTTP status' reason phrase"))
                .addProperty("status", OASFactory.createObject(Schema.class).type(Schema.SchemaType.INTEGER)
                        .description("the HTTP status"))
                .addProperty("detail", text("what went wrong, written for a person"));
    }

    private static Schema text(String description) {
        return OASFactory.createObject(Schema.class).type(Schema.SchemaType.STRING).description(description);
    }

    private static APIResponse problemResponse(String description) {
        return OASFactory.createObject(APIResponse.class).description(description).content(problemContent());
    }

    private static Content problemContent() {
        return OASFactory.createObject(Content.class).addMediaType(Problem.MEDIA_TYPE.toString(),
                OASFactory.createObject(MediaType.class).schema(OASFactory.createObject(Schema.class).ref(PROBLEM)));
    }
}
