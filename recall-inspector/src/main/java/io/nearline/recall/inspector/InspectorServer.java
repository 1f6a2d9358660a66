package io.nearline.recall.inspector;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.nearline.recall.cache.RecallReader;
import io.nearline.recall.cache.trace.TraceReader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inspector's web server (Javalin on Jetty): read-only pages over the trace store, the recall store and the
 * catalogue. Only GET and HEAD are served, every other method is refused (405); with an access token set, every
 * page without it is 401. It listens on {@code inspector.bind-address}, loopback by default.
 */
public final class InspectorServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InspectorServer.class);
    private static final Set<HandlerType> READ_METHODS = Set.of(HandlerType.GET, HandlerType.HEAD);

    private final Javalin app;
    private final InspectorData data;

    private InspectorServer(Javalin app, InspectorData data) {
        this.app = app;
        this.data = data;
    }

    /** Starts the server; {@code port} 0 picks a free one ({@link #port()} tells which). */
    public static InspectorServer start(InspectorOptions options) {
        InspectorData data = new InspectorData(new TraceReader(options.redis(), options.traces()),
                new RecallReader(options.redis()), CatalogueView.follow(options.kafkaBootstrap(), options.catalogueTopic()));
        AccessToken token = new AccessToken(options.token());
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = options.bindAddress();
            config.jetty.port = options.port();
            config.http.prefer405over404 = true;
            config.routes.before(ctx -> guard(ctx, token));
            config.routes.get("/", ctx -> ctx.html(UsersPage.render(data)));
            config.routes.get("/search", InspectorServer::search);
            config.routes.get("/users/{user}", ctx -> ctx.html(UserPage.render(data, ctx.pathParam("user"))));
            config.routes.get("/users/{user}/traces/{request}", ctx -> TracePage.render(data, ctx.pathParam("user"),
                    ctx.pathParam("request")).ifPresentOrElse(ctx::html,
                            () -> ctx.status(HttpStatus.NOT_FOUND).html(Html.page("not found",
                                    "<p id=\"not-found\">No such trace is kept.</p>"))));
            config.routes.get("/aggregates", ctx -> ctx.html(AggregatesPage.render(data, ctx.queryParam("arm"))));
            config.routes.get("/experiments", ctx -> ctx.html(ExperimentsPage.render(data)));
        });
        app.start();
        LOG.info("recall inspector at http://{}:{}/ ({})", options.bindAddress(), app.port(),
                token.required() ? "access token required" : "no access token");
        return new InspectorServer(app, data);
    }

    /** Refuses every method but GET and HEAD, and every request without the token when one is set. */
    private static void guard(Context ctx, AccessToken token) {
        if (!READ_METHODS.contains(ctx.method())) {
            ctx.header("Allow", "GET, HEAD").status(HttpStatus.METHOD_NOT_ALLOWED).result("read-only: GET and HEAD only");
            ctx.skipRemainingHandlers();
            return;
        }
        if (!token.accepts(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Basic realm=\"recall inspector\", charset=\"UTF-8\"")
                    .status(HttpStatus.UNAUTHORIZED).result("access token required");
            ctx.skipRemainingHandlers();
        }
    }

    private static void search(Context ctx) {
        String user = ctx.queryParam("user");
        if (user == null || user.isBlank()) {
            ctx.redirect("/");
        } else {
            ctx.redirect("/users/" + Html.path(user.strip()));
        }
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() throws Exception {
        app.stop();
        data.close();
    }
}
