package io.egressgate.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Counter;
import io.egressgate.protocol.Delta;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.Learned;
import io.egressgate.protocol.LearnedAddress;
import io.egressgate.protocol.Snapshot;
import io.egressgate.protocol.Stats;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser against the real server: sign-in, entries, the locked rule,
 * tokens, users and the viewer role, languages, sign-out, idle expiry, CSRF, escaping, and that
 * the API and the gateway channel do not notice the console at all. One test walks every page and
 * takes the screenshots for the documentation (-Dconsole.screenshots=DIR also copies them there).
 *
 * <p>Runs against the shared H2 server, or against a server already running when
 * -Dconsole.it.baseUrl=http://127.0.0.1:PORT is given (its admin token must be RunningServer's).
 */
class ConsoleIT {

    static final String ADMIN = "admin";
    /** The first console admin's password is the bootstrap admin token (see AdminBootstrap). */
    static final String ADMIN_PASSWORD = RunningServer.ADMIN_TOKEN;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    static String base;
    static Api api;
    static URI gatewayUri;

    @BeforeAll
    static void server() throws Exception {
        String external = System.getProperty("console.it.baseUrl");
        if (external != null && !external.isBlank()) {
            base = external;
            api = new Api(external, RunningServer.ADMIN_TOKEN, HTTP);
            gatewayUri = URI.create(external.replaceFirst("^http", "ws") + "/ws/gateway");
        } else {
            RunningServer server = Servers.h2();
            base = server.baseUrl();
            api = new Api(base, RunningServer.ADMIN_TOKEN, HTTP);
            gatewayUri = server.gatewayUri();
        }
    }

    static String freshDomain() {
        return "c" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
    }

    static String freshIp() {
        return "203.0.113." + (1 + Math.floorMod(UUID.randomUUID().hashCode(), 254));
    }

    static long total(String query) {
        return api.get("/api/v1/entries?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
                .json().getJsonNumber("total").longValue();
    }

    /** A browser signed in as the first admin; closed again (no stray Chromium) if signing in fails. */
    static Browser admin() throws Exception {
        Browser browser = Browser.open(base);
        try {
            browser.signIn(ADMIN, ADMIN_PASSWORD).awaitPath("/console/");
            return browser;
        } catch (RuntimeException | AssertionError e) {
            browser.close();
            throw e;
        }
    }

    /** Says yes in the confirmation dialog and waits until it has gone (it hands the focus back as it goes). */
    static void confirm(Browser browser) {
        browser.click(By.id("confirmYes")).awaitGone(By.id("confirmDialog"));
    }

    /** Filters the entries table and waits until every row shown is a match. */
    static void search(Browser browser, String text) throws Exception {
        browser.type(By.id("entries:search"), text);
        try {
            new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
                List<String> rows = browser.all(By.cssSelector("#entries\\:table tbody tr")).stream()
                        .map(row -> row.getText()).toList();
                return !rows.isEmpty() && rows.stream().allMatch(row -> row.contains(text));
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            browser.screenshot("failed-search-" + text);
            throw new AssertionError("the entries table never showed only " + text + "; search box has '"
                    + browser.find(By.id("entries:search")).getAttribute("value") + "'", e);
        }
        browser.awaitAjax();
    }

    @Test
    void signingInLeadsWhereThePersonWasGoingAndAddsADomainAndAnIp() throws Exception {
        String domain = freshDomain();
        String ip = freshIp();
        try (Browser browser = Browser.open(base)) {
            browser.go("/console/entries.xhtml");
            assertThat(browser.path()).startsWith("/login.xhtml");

            browser.type(By.id("signin:username"), ADMIN).type(By.id("signin:password"), ADMIN_PASSWORD)
                    .click(By.id("signin:submit")).awaitPath("/console/entries.xhtml");
            assertThat(browser.text(By.id("signedInAs"))).isEqualTo(ADMIN);

            browser.click(By.id("entries:add"));
            browser.type(By.id("addForm:values"), domain + "\n" + ip);
            browser.type(By.id("addForm:note"), "ticket OPS-7");
            browser.click(By.id("addForm:save")).awaitGone(By.id("addDialog"));
            assertThat(browser.text(By.cssSelector(".ui-growl-message"))).containsAnyOf("Added 2 entries", "Added 1 entry");

            search(browser, domain);
            assertThat(browser.text(By.id("entries:table"))).contains(domain, "ticket OPS-7", ADMIN);
        }
        JsonObject entry = api.get("/api/v1/entries?q=" + domain).json().getJsonArray("items").getJsonObject(0);
        assertThat(entry.getString("value")).isEqualTo(domain);
        assertThat(entry.getString("createdBy")).isEqualTo(ADMIN);
        assertThat(entry.getString("note")).isEqualTo("ticket OPS-7");
        assertThat(api.get("/api/v1/allowlist").body()).contains(ip + "/32");
    }

    @Test
    void aPrivateIpIsRefusedLineByLineAndNothingIsStoredUntilEveryLineIsGood() throws Exception {
        String domain = freshDomain();
        try (Browser browser = admin()) {
            browser.go("/console/entries.xhtml").click(By.id("entries:add"));
            browser.type(By.id("addForm:values"), "10.1.2.3\n" + domain + "\n\nnot_a_domain!");
            browser.click(By.id("addForm:save"));

            List<String> problems = browser.all(By.cssSelector("#addForm\\:problems .line-error")).stream()
                    .map(e -> e.getText()).toList();
            assertThat(problems).hasSize(2);
            assertThat(problems.get(0)).contains("Line 1", "10.1.2.3", "10.0.0.0/8");
            assertThat(problems.get(1)).contains("Line 4");
            assertThat(browser.find(By.id("addForm:values")).getAttribute("value"))
                    .isEqualTo("10.1.2.3\n" + domain + "\n\nnot_a_domain!");
            assertThat(browser.find(By.id("addDialog")).isDisplayed()).isTrue();
            assertThat(total(domain)).as("all or nothing: the good line waits for the others").isZero();

            browser.type(By.id("addForm:values"), domain);
            browser.click(By.id("addForm:save")).awaitGone(By.id("addDialog"));
        }
        assertThat(total(domain)).isEqualTo(1);
        assertThat(total("10.1.2.3")).isZero();
    }

    /** A paste and an API batch are each one revision and one audit record, however many values they hold. */
    @Test
    void aPasteAndABatchAreEachOneRevisionAndOneAuditRecord() throws Exception {
        String marker = "p" + UUID.randomUUID().toString().substring(0, 8);
        long before = api.get("/api/v1/allowlist").json().getJsonNumber("revision").longValue();
        Api.Reply batch = api.post("/api/v1/entries/batch", "{\"note\":\"api " + marker + "\",\"values\":[\"*.a."
                + marker + ".example.com\",\"*.b." + marker + ".example.com\",\"*.c." + marker + ".example.com\"]}");
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        try (Browser browser = admin()) {
            browser.go("/console/entries.xhtml").click(By.id("entries:add"));
            browser.type(By.id("addForm:values"), "*.d." + marker + ".example.com\n*.e." + marker + ".example.com");
            browser.type(By.id("addForm:note"), "console " + marker);
            browser.click(By.id("addForm:save")).awaitGone(By.id("addDialog"));
            assertThat(api.get("/api/v1/allowlist").json().getJsonNumber("revision").longValue()).isEqualTo(before + 2);

            browser.go("/console/audit.xhtml");
            browser.type(By.id("audit:search"), marker);
            new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> browser.all(By.cssSelector("#audit\\:table tbody tr")).stream()
                            .allMatch(row -> row.getText().contains(marker)));
            Thread.sleep(500); // past the search box's debounce
            browser.awaitAjax();
            List<String> rows = browser.all(By.cssSelector("#audit\\:table tbody tr")).stream().map(r -> r.getText()).toList();
            assertThat(rows).hasSize(2);
            assertThat(rows).anySatisfy(row -> assertThat(row).contains("3 entries", "api " + marker));
            assertThat(rows).anySatisfy(row -> assertThat(row).contains("2 entries", "console " + marker));
        }
        assertThat(total(marker)).isEqualTo(5);
    }

    /** One search behind both: what the API's q finds, the console's search box shows, and no more. */
    @Test
    void theConsoleAndTheApiFindTheSameEntriesForTheSameText() throws Exception {
        String marker = "s" + UUID.randomUUID().toString().substring(0, 8);
        api.add("*._ab" + marker + ".example.com", false);
        api.add("*.xab" + marker + ".example.com", false);
        api.add("b\u00fccher" + marker + ".example", false);
        api.post("/api/v1/entries", jakarta.json.Json.createObjectBuilder().add("value", "*.n" + marker + ".example.com")
                .add("note", "100% " + marker).build().toString());
        try (Browser browser = admin()) {
            browser.go("/console/entries.xhtml");
            for (String text : List.of("_ab" + marker, "%ab" + marker, "xab" + marker, "b\u00fccher" + marker,
                    "B\u00dcCHER" + marker, "0% " + marker, marker)) {
                List<Long> fromApi = api.get("/api/v1/entries?q=" + URLEncoder.encode(text, StandardCharsets.UTF_8)
                        .replace("+", "%20")).json().getJsonArray("items").stream()
                        .map(item -> item.asJsonObject().getJsonNumber("id").longValue()).sorted().toList();
                browser.type(By.id("entries:search"), text);
                try {
                    new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                            .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                            .until(d -> shownIds(browser).equals(fromApi));
                } catch (org.openqa.selenium.TimeoutException e) {
                    throw new AssertionError("for '" + text + "' the API found " + fromApi + ", the console shows "
                            + shownIds(browser), e);
                }
                Thread.sleep(500); // past the search box's debounce: the table now shows this text's result
                browser.awaitAjax();
                assertThat(shownIds(browser)).as(text).isEqualTo(fromApi);
            }
        }
        assertThat(total("_ab" + marker)).as("_ is no wildcard").isEqualTo(1);
        assertThat(total("%ab" + marker)).as("%% is no wildcard").isZero();
        assertThat(total("b\u00fccher" + marker)).as("Unicode finds punycode").isEqualTo(1);
        assertThat(total(marker)).isEqualTo(4);
    }

    private static List<Long> shownIds(Browser browser) {
        return browser.all(By.cssSelector("#entries\\:table a.eg-entry-link")).stream()
                .map(link -> link.getAttribute("href").replaceAll(".*[?&]id=(\\d+).*", "$1"))
                .map(Long::parseLong).sorted().toList();
    }

    @Test
    void aWildcardIsAddedFromTheDialogAndOneOnAPublicSuffixIsRefusedWithTheReason() throws Exception {
        String base = freshDomain();
        try (Browser browser = admin()) {
            browser.go("/console/entries.xhtml").click(By.id("entries:add"));
            browser.type(By.id("addForm:values"), "*." + base + "\n*.co.uk");
            browser.click(By.id("addForm:save"));

            List<String> problems = browser.all(By.cssSelector("#addForm\\:problems .line-error")).stream()
                    .map(e -> e.getText()).toList();
            assertThat(problems).singleElement().satisfies(problem -> assertThat(problem).contains("Line 2",
                    "*.co.uk would allow every name under the public suffix co.uk; list the domains instead"));
            assertThat(total("*." + base)).as("nothing is stored while a line is refused").isZero();
            browser.type(By.id("addForm:values"), "*." + base);
            browser.click(By.id("addForm:save")).awaitGone(By.id("addDialog"));
            browser.go("/console/entries.xhtml");

            search(browser, base);
            assertThat(browser.text(By.id("entries:table"))).contains("*." + base, "Wildcard");
            browser.click(By.id("entries:table:0:open")).awaitPath("/console/entry.xhtml");
            assertThat(browser.text(By.tagName("main"))).contains("*." + base, "the server does not resolve wildcards");
        }
        assertThat(total("*." + base)).isEqualTo(1);
        assertThat(total("*.co.uk")).isZero();
    }

    @Test
    void anAddressAGatewayLearnedShowsWhereItCameFromAndUntilWhen() throws Exception {
        String base = freshDomain();
        long id = api.add("*." + base, false).getJsonNumber("id").longValue();
        String gatewayId = "gw-" + UUID.randomUUID();
        String cidr = GatewayLearnedIT.freshHost();
        try (TestGateway gateway = TestGateway.connect(gatewayUri, api.createToken("console-learner " + gatewayId, "gateway"))) {
            gateway.send(new Hello(gatewayId, "console-learner", "test", null, null));
            gateway.next(Snapshot.class, 30);
            gateway.send(new Learned(List.of(new LearnedAddress("www." + base, cidr, 3600))));
            for (int i = 0; i < 60 && api.get("/api/v1/entries/" + id).json().getJsonArray("addresses").isEmpty(); i++) {
                Thread.sleep(250);
            }
        }
        try (Browser browser = admin()) {
            browser.go("/console/entry.xhtml?id=" + id);
            assertThat(browser.text(By.id("addresses"))).containsIgnoringCase("Source").containsIgnoringCase("Gateway")
                    .contains(cidr, "Learned", gatewayId, "www." + base, "Allowed until");
        } finally {
            api.delete("/api/v1/entries/" + id);
        }
    }

    @Test
    void deletingAsksFirstAndALockedEntryOffersNoDeleteAndResistsAForgedOne() throws Exception {
        String unlocked = freshDomain();
        String locked = freshDomain();
        api.add(unlocked, false);
        long lockedId = api.add(locked, true).getJsonNumber("id").longValue();
        try (Browser browser = admin()) {
            browser.go("/console/entries.xhtml");
            search(browser, unlocked);
            browser.click(By.id("entries:table:0:delete"));
            confirm(browser);
            browser.awaitText(By.cssSelector(".ui-growl-message"), "Deleted " + unlocked);
            assertThat(total(unlocked)).isZero();

            search(browser, locked);
            assertThat(browser.present(By.id("entries:table:0:delete"))).isFalse();
            assertThat(browser.present(By.cssSelector("#entries\\:table .eg-no-delete"))).isTrue();
            // A hand-made request for the delete button the page did not offer does nothing.
            browser.script("PrimeFaces.ab({s:'entries:table:0:delete',f:'entries',p:'entries:table:0:delete',u:'entries:table'});");
            browser.awaitAjax();
            assertThat(api.get("/api/v1/entries/" + lockedId).status()).isEqualTo(200);

            browser.click(By.id("entries:table:0:open")).awaitPath("/console/entry.xhtml");
            assertThat(browser.text(By.id("entry:lockedBadge"))).contains("Locked");
            assertThat(browser.present(By.id("entry:delete"))).isFalse();
        }
        assertThat(api.delete("/api/v1/entries/" + lockedId).status()).isEqualTo(409);
        assertThat(total(locked)).isEqualTo(1);
    }

    @Test
    void aTokenMadeInTheConsoleWorksOnceShownAndStopsWhenRevoked() throws Exception {
        String name = "ci " + UUID.randomUUID().toString().substring(0, 8);
        String secret;
        try (Browser browser = admin()) {
            browser.go("/console/tokens.xhtml").click(By.id("tokens:create"));
            browser.type(By.id("createForm:name"), name).click(By.id("createForm:save"));
            secret = browser.find(By.id("secretForm:secret")).getAttribute("value");
            assertThat(secret).startsWith("egt_");
            assertThat(api(secret).get("/api/v1/entries").status()).isEqualTo(200);
            browser.click(By.id("secretForm:done")).awaitGone(By.id("secretDialog"));
            assertThat(browser.driver().getPageSource()).doesNotContain(secret);

            By revoke = By.xpath("//tr[td[contains(., '" + name + "')]]//button[contains(@id, ':revoke')]");
            browser.click(revoke);
            confirm(browser);
            browser.awaitText(By.cssSelector(".ui-growl-message"), name);
            assertThat(browser.present(revoke)).isFalse();
        }
        assertThat(api(secret).get("/api/v1/entries").status()).isEqualTo(401);
    }

    static Api api(String token) {
        return new Api(base, token, HTTP);
    }

    @Test
    void theLanguageFollowsTheBrowserAndTheSwitchAndIsRemembered() throws Exception {
        try (Browser browser = Browser.open(base, "zh-CN,zh;q=0.9")) {
            browser.go("/login.xhtml");
            assertThat(browser.text(By.id("pageTitle"))).isEqualTo("登录");
            browser.type(By.id("signin:username"), ADMIN).type(By.id("signin:password"), ADMIN_PASSWORD)
                    .click(By.id("signin:submit")).awaitPath("/console/overview.xhtml");
            assertThat(browser.text(By.id("navEntries"))).isEqualTo("白名单");
            assertThat(browser.text(By.id("pageTitle"))).isEqualTo("概览");

            browser.click(By.id("top:langEn")).awaitText(By.id("navEntries"), "Allowlist");
            assertThat(browser.script("return document.documentElement.lang")).isEqualTo("en");
            browser.click(By.id("top:langZh")).awaitText(By.id("navEntries"), "白名单");
            browser.click(By.id("top:langEn")).awaitText(By.id("navEntries"), "Allowlist");

            browser.click(By.id("top:account")).click(By.id("top:signOut")).awaitPath("/login.xhtml");
            assertThat(browser.text(By.id("pageTitle"))).isEqualTo("Sign in");
        }
    }

    @Test
    void signingOutEndsTheSessionForGood() throws Exception {
        try (Browser browser = admin()) {
            String cookie = browser.sessionCookie();
            assertThat(get("/console/overview.xhtml", cookie).statusCode()).isEqualTo(200);

            browser.click(By.id("top:account")).click(By.id("top:signOut")).awaitPath("/login.xhtml");
            assertThat(browser.text(By.id("signedOutNote"))).contains("signed out");
            browser.go("/console/overview.xhtml");
            assertThat(browser.path()).startsWith("/login.xhtml");

            HttpResponse<String> replay = get("/console/overview.xhtml", cookie);
            assertThat(replay.statusCode()).isEqualTo(302);
            assertThat(replay.headers().firstValue("Location").orElse("")).contains("/login.xhtml");
        }
    }

    @Test
    void aViewerSeesEverythingAndCanChangeNothing() throws Exception {
        String viewer = "viewer-" + UUID.randomUUID().toString().substring(0, 6);
        String password = "correct horse battery " + viewer;
        String unlocked = freshDomain();
        api.add(unlocked, false);
        try (Browser browser = admin()) {
            browser.go("/console/users.xhtml").click(By.id("users:create"));
            browser.type(By.id("userForm:username"), viewer).type(By.id("userForm:password"), password)
                    .type(By.id("userForm:repeat"), password).click(By.id("userForm:save")).awaitGone(By.id("userDialog"));
            assertThat(browser.text(By.id("users:table"))).contains(viewer, "Viewer");
        }
        String forged = freshDomain();
        try (Browser browser = Browser.open(base)) {
            browser.signIn(viewer, password).awaitPath("/console/overview.xhtml");
            assertThat(browser.present(By.id("navTokens"))).isFalse();
            assertThat(browser.present(By.id("navUsers"))).isFalse();

            browser.go("/console/entries.xhtml");
            search(browser, unlocked);
            assertThat(browser.present(By.id("entries:add"))).isFalse();
            assertThat(browser.present(By.id("entries:table:0:delete"))).isFalse();

            // A hand-made post of the add dialog, with this page's genuine view state, stores nothing.
            Object answer = browser.driver().executeAsyncScript(
                    "var done = arguments[arguments.length - 1];"
                            + "var state = document.querySelector(\"input[name='jakarta.faces.ViewState']\").value;"
                            + "var body = new URLSearchParams({'addForm': 'addForm', 'addForm:values': arguments[0],"
                            + " 'addForm:save': 'addForm:save', 'jakarta.faces.ViewState': state,"
                            + " 'jakarta.faces.partial.ajax': 'true', 'jakarta.faces.source': 'addForm:save',"
                            + " 'jakarta.faces.partial.execute': 'addForm', 'jakarta.faces.partial.render': 'addForm'});"
                            + "fetch('/console/entries.xhtml', {method: 'POST', body: body, headers:"
                            + " {'Faces-Request': 'partial/ajax'}}).then(r => r.text()).then(done, e => done('' + e));",
                    forged);
            assertThat(String.valueOf(answer)).contains("partial-response");
            assertThat(total(forged)).isZero();

            browser.go("/console/tokens.xhtml");
            assertThat(browser.text(By.id("forbidden"))).contains("Administrators only");
            assertThat(browser.present(By.id("tokens:create"))).isFalse();
            assertThat(get("/console/tokens.xhtml", browser.sessionCookie()).statusCode()).isEqualTo(403);
            assertThat(get("/console/users.xhtml", browser.sessionCookie()).statusCode()).isEqualTo(403);

            // A viewer may still change their own password.
            String next = password + " again";
            browser.click(By.id("top:account")).click(By.id("top:changePassword"));
            browser.type(By.id("accountForm:currentPassword"), password).type(By.id("accountForm:newPassword"), next)
                    .type(By.id("accountForm:repeatPassword"), next).click(By.id("accountForm:savePassword"))
                    .awaitGone(By.id("accountDialog"));
            browser.go("/console/overview.xhtml");
            assertThat(browser.path()).startsWith("/console/overview.xhtml");
            browser.click(By.id("top:account")).click(By.id("top:signOut")).awaitPath("/login.xhtml");
            browser.signIn(viewer, password);
            assertThat(browser.text(By.id("signin:signinMessages"))).contains("not right");
            browser.signIn(viewer, next).awaitPath("/console/");
        }
        assertThat(total(unlocked)).isEqualTo(1);
    }

    @Test
    void formsPostedWithoutTheirViewStateAreRefused() throws Exception {
        String domain = freshDomain();
        try (Browser browser = admin()) {
            String cookie = browser.sessionCookie();
            Map<String, String> form = new LinkedHashMap<>();
            form.put("addForm", "addForm");
            form.put("addForm:values", domain);
            form.put("addForm:save", "addForm:save");

            HttpResponse<String> missing = post("/console/entries.xhtml", cookie, form, false);
            assertThat(missing.statusCode()).isIn(200, 302, 303);

            form.put("jakarta.faces.ViewState", "-1234567890123456789:987654321");
            HttpResponse<String> forged = post("/console/entries.xhtml", cookie, form, false);
            assertThat(forged.statusCode()).isIn(302, 303);
            assertThat(forged.headers().firstValue("Location").orElse("")).contains("stale=true");

            HttpResponse<String> forgedAjax = post("/console/entries.xhtml", cookie, form, true);
            assertThat(forgedAjax.body()).contains("<redirect").contains("stale=true");

            browser.go("/console/entries.xhtml?stale=true");
            assertThat(browser.text(By.id("staleBanner"))).contains("nothing was saved");
        }
        assertThat(total(domain)).isZero();
    }

    @Test
    void aPostbackWithoutItsPagesNonceChangesNothingAndGetsTheStalePage() throws Exception {
        String refused = freshDomain();
        String accepted = freshDomain();
        try (Browser browser = admin()) {
            String cookie = browser.sessionCookie();
            Rendered page = Rendered.of(get("/console/entries.xhtml", cookie).body());
            HttpResponse<String> withoutNonce = post("/console/entries.xhtml", cookie, addForm(refused, page.viewState()), false);
            assertThat(withoutNonce.statusCode()).as(withoutNonce.body()).isIn(302, 303);
            assertThat(withoutNonce.headers().firstValue("Location").orElse("")).contains("entries.xhtml?stale=true");

            page = Rendered.of(get("/console/entries.xhtml", cookie).body());
            Map<String, String> wrongNonce = addForm(refused, page.viewState());
            wrongNonce.put("primefaces.nonce", "bm90LXRoZS1ub25jZQ==");
            HttpResponse<String> ajax = post("/console/entries.xhtml", cookie, wrongNonce, true);
            assertThat(ajax.body()).contains("<redirect").contains("stale=true");
            assertThat(total(refused)).as("the action did not run").isZero();

            // the same form with the page's nonce does what the button does: the two above failed on the nonce alone
            page = Rendered.of(get("/console/entries.xhtml", cookie).body());
            Map<String, String> genuine = addForm(accepted, page.viewState());
            genuine.put("primefaces.nonce", page.nonce());
            HttpResponse<String> saved = post("/console/entries.xhtml", cookie, genuine, false);
            assertThat(saved.statusCode()).as(saved.body()).isLessThan(500);
            assertThat(total(accepted)).isEqualTo(1);
        }
        assertThat(total(refused)).isZero();
    }

    private static Map<String, String> addForm(String value, String viewState) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("addForm", "addForm");
        form.put("addForm:values", value);
        form.put("addForm:save", "addForm:save");
        form.put("jakarta.faces.ViewState", viewState);
        return form;
    }

    /** The view state and CSP nonce a console page was rendered with. */
    private record Rendered(String viewState, String nonce) {
        static Rendered of(String html) {
            java.util.regex.Matcher state = java.util.regex.Pattern
                    .compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"").matcher(html);
            java.util.regex.Matcher nonce = java.util.regex.Pattern.compile("csp\\.init\\('([^']+)'").matcher(html);
            assertThat(state.find()).as("a view state in the page").isTrue();
            assertThat(nonce.find()).as("a CSP nonce in the page").isTrue();
            return new Rendered(state.group(1), nonce.group(1).replace("\\/", "/")); // written for JavaScript
        }
    }

    @Test
    void anIdleSessionEndsEvenThoughThePageKeepsRefreshingItself() throws Exception {
        int idle = Integer.getInteger("console.it.idleSeconds", Servers.CONSOLE_IDLE_SECONDS);
        Assumptions.assumeTrue(idle <= 120, "the server's console_idle_timeout is too long to wait for");
        try (Browser browser = admin()) {
            browser.go("/console/entries.xhtml");
            new WebDriverWait(browser.driver(), Duration.ofSeconds(idle + 45))
                    .until(d -> browser.path().startsWith("/login.xhtml"));
            assertThat(browser.path()).contains("expired=true");
            assertThat(browser.text(By.id("expiredNote"))).contains("inactivity");
        }
    }

    @Test
    void repeatedWrongPasswordsAreSlowedDown() throws Exception {
        String nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 6);
        try (Browser browser = Browser.open(base)) {
            for (int attempt = 1; attempt <= 5; attempt++) {
                browser.signIn(nobody, "wrong password " + attempt);
                assertThat(browser.text(By.id("signin:signinMessages"))).contains("not right");
            }
            browser.signIn(nobody, "wrong password 6");
            assertThat(browser.text(By.id("signin:signinMessages"))).contains("Too many failed attempts");
        }
    }

    @Test
    void whatPeopleTypedIsShownAsTextNeverRunAsMarkup() throws Exception {
        String domain = freshDomain();
        String note = "<b id=\"injected\">bold</b><img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";
        api.post("/api/v1/entries", jakarta.json.Json.createObjectBuilder().add("value", domain).add("note", note)
                .build().toString());
        try (Browser browser = admin()) {
            browser.go("/console/entries.xhtml");
            search(browser, domain);
            assertThat(browser.text(By.cssSelector("#entries\\:table .eg-note"))).isEqualTo(note);
            assertThat(browser.present(By.id("injected"))).isFalse();
            assertThat(browser.script("return window.pwned === undefined")).isEqualTo(true);
        }
    }

    @Test
    void theApiGatewayChannelMetricsAndHealthDoNotKnowTheConsole() throws Exception {
        try (Browser browser = admin()) {
            String cookie = browser.sessionCookie();
            HttpResponse<String> api = get("/api/v1/entries", cookie);
            assertThat(api.statusCode()).isEqualTo(401);
            assertThat(api.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
            HttpResponse<String> change = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/entries"))
                    .header("Cookie", cookie).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"value\":\"" + freshDomain() + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(change.statusCode()).isEqualTo(401);
            assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);
            assertThat(get("/metrics", cookie).statusCode()).as("a console session is no metrics credential").isEqualTo(401);
            assertThat(get("/openapi", null).statusCode()).isEqualTo(200);
        }
        try (TestGateway withoutToken = TestGateway.connect(gatewayUri, null)) {
            assertThat(withoutToken.awaitClose(30).getCloseCode().getCode()).isEqualTo(1008);
        }
    }

    /** Seeds a small, realistic state, then photographs every page for the documentation. */
    @Test
    void aTourOfEveryPage() throws Exception {
        List<String> domains = List.of("api.github.com", "registry.npmjs.org", "pypi.org", "repo.maven.apache.org",
                "deb.debian.org", "objects.githubusercontent.com");
        for (String domain : domains) {
            api.post("/api/v1/entries", jakarta.json.Json.createObjectBuilder().add("value", domain)
                    .add("note", "build dependencies").build().toString());
        }
        api.post("/api/v1/entries", "{\"value\":\"198.51.100.0/28\",\"note\":\"payment provider, contract 2031\",\"locked\":true}");
        api.post("/api/v1/entries", "{\"value\":\"203.0.113.25\",\"note\":\"SMTP relay\"}");
        String gatewayToken = api.createToken("gateway eu-west-1a", "gateway");
        JsonObject allowlist = api.get("/api/v1/allowlist").json();
        try (TestGateway behind = TestGateway.connect(gatewayUri, api.createToken("gateway us-east-1b", "gateway"))) {
            // A gateway that fell one revision behind and then went away.
            behind.send(new Hello("gw-us-east-1b", "egress-us-east-1b", "0.1.0", allowlist.getString("epoch"),
                    allowlist.getJsonNumber("revision").longValue() - 1));
            behind.poll(2000);
        }
        try (TestGateway gateway = TestGateway.connect(gatewayUri, gatewayToken);
             Browser browser = Browser.open(base)) {
            gateway.send(new Hello("gw-eu-west-1a", "egress-eu-west-1a", "0.1.0", null, null));
            Snapshot snapshot = gateway.next(Snapshot.class, 30);
            while (snapshot.part() < snapshot.parts()) {
                snapshot = gateway.next(Snapshot.class, 30);
            }
            gateway.send(new Ack(snapshot.revision(), snapshot.cidrs().size(), List.of(), 38));
            gateway.send(new Stats(List.of(
                    new Counter("198.51.100.0/28", 812_000_000L, 610_000, 96_000_000_000L, 70_000_000),
                    new Counter("203.0.113.25/32", 3_400_000_000L, 2_900_000, 210_000_000L, 400_000),
                    new Counter("192.0.2.80/32", 1_200_000_000L, 900_000, 18_500_000_000L, 13_000_000),
                    new Counter("192.0.2.81/32", 400_000_000L, 300_000, 7_100_000_000L, 5_000_000))));

            browser.size(1440, 960).go("/login.xhtml").screenshot("01-sign-in");
            browser.signIn(ADMIN, ADMIN_PASSWORD).awaitPath("/console/overview.xhtml");
            new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(d -> {
                browser.go("/console/overview.xhtml");
                return browser.text(By.id("statGateways")).contains("1");
            });
            browser.screenshot("02-overview");
            browser.go("/console/entries.xhtml").screenshot("03-entries");
            browser.click(By.id("entries:add"));
            browser.type(By.id("addForm:values"), "cdn.example.net\n10.20.0.0/16\n198.51.100.77\n0.0.0.0/0");
            browser.click(By.id("addForm:save")).screenshot("04-add-dialog-validation");
            browser.go("/console/entries.xhtml?state=locked");
            browser.click(By.id("entries:table:0:open")).awaitPath("/console/entry.xhtml").screenshot("05-entry-locked");
            acknowledgeEverything(gateway);
            browser.go("/console/gateways.xhtml").screenshot("06-gateways");
            browser.go("/console/audit.xhtml").screenshot("07-audit-log");
            browser.go("/console/tokens.xhtml").screenshot("08-api-tokens");
            browser.click(By.id("tokens:create")).type(By.id("createForm:name"), "deploy pipeline")
                    .click(By.id("createForm:save"));
            browser.find(By.id("secretForm:secret"));
            browser.screenshot("09-token-shown-once");
            browser.click(By.id("secretForm:done")).awaitGone(By.id("secretDialog"));
            browser.go("/console/users.xhtml");
            if (!browser.text(By.id("users:table")).contains("olga")) {
                browser.click(By.id("users:create")).type(By.id("userForm:username"), "olga")
                        .type(By.id("userForm:password"), TOUR_VIEWER_PASSWORD)
                        .type(By.id("userForm:repeat"), TOUR_VIEWER_PASSWORD).click(By.id("userForm:save"))
                        .awaitGone(By.id("userDialog"));
            }
            browser.screenshot("10-console-users");
            browser.go("/console/overview.xhtml").click(By.id("top:langZh")).awaitText(By.id("navEntries"), "白名单");
            browser.screenshot("11-overview-chinese");
            browser.go("/console/entries.xhtml").screenshot("13-entries-chinese");
            browser.click(By.id("top:langEn")).awaitText(By.id("navEntries"), "Allowlist");
        }
        try (Browser viewer = Browser.open(base)) {
            viewer.size(1440, 960).signIn("olga", TOUR_VIEWER_PASSWORD).awaitPath("/console/");
            viewer.go("/console/entries.xhtml").screenshot("12-entries-as-viewer");
        }
    }

    private static final String TOUR_VIEWER_PASSWORD = "a viewer's long password";

    /** Acknowledges whatever the server sent since, as a gateway that applied it would. */
    private static void acknowledgeEverything(TestGateway gateway) throws Exception {
        for (var message = gateway.poll(1000); message != null; message = gateway.poll(1000)) {
            if (message instanceof Delta delta) {
                gateway.send(new Ack(delta.toRevision(), delta.add().size(), List.of(), 4));
            } else if (message instanceof Snapshot snapshot && snapshot.part() == snapshot.parts()) {
                gateway.send(new Ack(snapshot.revision(), snapshot.cidrs().size(), List.of(), 30));
            }
        }
    }

    @Test
    void theEntriesTableShowsChangesMadeElsewhereWithoutAReload() throws Exception {
        String domain = freshDomain();
        try (Browser browser = admin()) {
            browser.go("/console/entries.xhtml");
            browser.type(By.id("entries:search"), domain);
            browser.awaitText(By.id("entries:table"), "No entries match");
            browser.script("window.notReloaded = true;");

            api.add(domain, false);
            new WebDriverWait(browser.driver(), Duration.ofSeconds(40)).ignoring(
                    org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> browser.text(By.id("entries:table")).contains(domain));
            assertThat(browser.script("return window.notReloaded === true")).isEqualTo(true);
        }
    }

    static HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String cookie, Map<String, String> form, boolean ajax) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (ajax) {
            request.header("Faces-Request", "partial/ajax");
            body = body + "&jakarta.faces.partial.ajax=true";
            request.POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
