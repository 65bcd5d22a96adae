package io.egressgate.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.protocol.Counter;
import io.egressgate.protocol.Denied;
import io.egressgate.protocol.DeniedRecord;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.Stats;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Blocked page in a real browser: what a gateway in report mode reported shows with the name
 * and the clients that tried, an admin's Allow adds the name through the ordinary add (validated,
 * audited), an address the policy refuses is refused with the reason in English and in Chinese, a
 * viewer sees the page without Allow, and the overview and the gateways page show the mode.
 */
class ConsoleBlockedIT {

    @BeforeAll
    static void server() throws Exception {
        ConsoleIT.server();
    }

    @Test
    void anAdminAllowsABlockedNameAndAnInternalAddressIsRefusedInBothLanguages() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String name = "blocked-" + tag + ".example.com";
        String destination = DeniedContract.freshDestination();
        String internal = "10.77." + (1 + Math.floorMod(tag.hashCode(), 250)) + ".9";
        String gatewayId = "gw-blocked-" + tag;
        String token = ConsoleIT.api.createToken("gw " + tag, "gateway");
        try (TestGateway gateway = TestGateway.connect(ConsoleIT.gatewayUri, token)) {
            DeniedContract.hello(gateway, gatewayId, "host-" + gatewayId, Hello.REPORT);
            long now = System.currentTimeMillis() / 1000;
            gateway.send(new Denied(List.of(
                    new DeniedRecord("10.40.0.1", destination, "tcp", 443, name, now - 30, now, 4, true),
                    new DeniedRecord("10.40.0.2", destination, "tcp", 443, name, now - 20, now, 2, true),
                    new DeniedRecord("10.40.0.3", internal, "udp", 53, null, now - 10, now, 1, true)), 0));
            awaitApi("destination=" + destination, 2);
            awaitApi("destination=" + internal, 1);

            try (Browser browser = ConsoleIT.admin()) {
                browser.go("/console/blocked.xhtml");
                assertThat(browser.text(By.id("pageTitle"))).isEqualTo("Blocked traffic");
                show(browser, name);
                assertThat(browser.text(By.id("blocked:destinations:0:count"))).isEqualTo("6");
                assertThat(browser.text(By.id("blocked:destinations"))).contains(destination, "Report mode only");
                assertThat(browser.present(By.cssSelector("#blocked\\:timeline canvas"))).as("the chart").isTrue();

                browser.click(By.cssSelector("#blocked\\:destinations .ui-row-toggler"));
                browser.awaitText(By.id("blocked:destinations"), "10.40.0.2");
                assertThat(browser.text(By.id("blocked:destinations"))).contains("10.40.0.1", "tcp/443", "host-" + gatewayId);

                browser.click(By.id("blocked:destinations:0:allow"));
                ConsoleIT.confirm(browser);
                browser.awaitText(By.cssSelector(".ui-growl-message"), name + " is now on the allowlist");
                JsonObject added = ConsoleIT.api.get("/api/v1/entries?q=" + name).json()
                        .getJsonArray("items").getJsonObject(0);
                assertThat(added.getString("value")).isEqualTo(name);
                assertThat(added.getString("kind")).isEqualTo("DOMAIN");
                assertThat(added.getString("createdBy")).isEqualTo(ConsoleIT.ADMIN);
                assertThat(added.getString("note")).isEqualTo("allowed from the Blocked page");
                browser.go("/console/audit.xhtml").type(By.id("audit:search"), name);
                browser.awaitText(By.id("audit:table"), name);
                assertThat(browser.text(By.id("audit:table"))).as("the allow is audited as the admin's add")
                        .contains(ConsoleIT.ADMIN, "allowed from the Blocked page");
                browser.go("/console/blocked.xhtml");

                show(browser, internal);
                browser.click(By.id("blocked:destinations:0:allow"));
                ConsoleIT.confirm(browser);
                browser.awaitText(By.cssSelector(".ui-growl-message"), "lies inside the internal range 10.0.0.0/8");

                browser.click(By.id("top:langZh")).awaitText(By.id("navBlocked"), "拦截记录");
                show(browser, internal);
                browser.click(By.id("blocked:destinations:0:allow"));
                ConsoleIT.confirm(browser);
                browser.awaitText(By.cssSelector(".ui-growl-message"), "位于内部地址段 10.0.0.0/8");
                browser.click(By.id("top:langEn")).awaitText(By.id("navBlocked"), "Blocked");
            }
            assertThat(ConsoleIT.total(internal)).as("nothing was added for the internal address").isZero();

            try (Browser browser = ConsoleIT.admin()) {
                browser.go("/console/gateways.xhtml");
                assertThat(browser.text(By.id("gateways"))).contains("host-" + gatewayId, "Report only");
                browser.go("/console/overview.xhtml");
                assertThat(browser.text(By.id("reporting"))).contains("report mode");
                assertThat(browser.present(By.cssSelector("#blockedChart canvas"))).as("the overview's chart").isTrue();
            }
        }
    }

    @Test
    void aViewerSeesTheBlockedPageWithoutAllow() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String destination = DeniedContract.freshDestination();
        String viewer = "viewer-" + tag;
        String password = "correct horse battery " + viewer;
        try (TestGateway gateway = TestGateway.connect(ConsoleIT.gatewayUri, ConsoleIT.api.createToken("gw " + tag, "gateway"))) {
            DeniedContract.hello(gateway, "gw-viewer-" + tag, "host-viewer-" + tag, Hello.ENFORCE);
            long now = System.currentTimeMillis() / 1000;
            gateway.send(new Denied(List.of(new DeniedRecord("10.41.0.1", destination, "tcp", 22, null, now, now, 3, false)), 0));
            awaitApi("destination=" + destination, 1);
        }
        try (Browser browser = ConsoleIT.admin()) {
            browser.go("/console/users.xhtml").click(By.id("users:create"));
            browser.type(By.id("userForm:username"), viewer).type(By.id("userForm:password"), password)
                    .type(By.id("userForm:repeat"), password).click(By.id("userForm:save")).awaitGone(By.id("userDialog"));
        }
        try (Browser browser = Browser.open(ConsoleIT.base)) {
            browser.signIn(viewer, password).awaitPath("/console/");
            browser.go("/console/blocked.xhtml");
            show(browser, destination);
            assertThat(browser.text(By.id("blocked:destinations:0:count"))).isEqualTo("3");
            assertThat(browser.present(By.id("blocked:destinations:0:allow"))).isFalse();
        }
    }

    @Test
    void theEntryPageChartsTheTrafficTheGatewaysReport() throws Exception {
        String address = "198.51.100." + (1 + Math.floorMod(UUID.randomUUID().hashCode(), 254));
        String cidr = address + "/32";
        JsonObject entry = ConsoleIT.api.add(address, false);
        long id = entry.getJsonNumber("id").longValue();
        try (TestGateway gateway = TestGateway.connect(ConsoleIT.gatewayUri, ConsoleIT.api.createToken("gw traffic", "gateway"));
             Browser browser = ConsoleIT.admin()) {
            DeniedContract.hello(gateway, "gw-traffic-" + UUID.randomUUID(), "host-traffic", Hello.ENFORCE);
            browser.go("/console/entry.xhtml?id=" + id);
            assertThat(browser.present(By.cssSelector("#trafficChart canvas"))).as("no chart before any traffic").isFalse();
            // running totals: the first report is the baseline, what grows after it is the minute's traffic
            gateway.send(new Stats(List.of(new Counter(cidr, 1_000, 10, 2_000, 20))));
            Thread.sleep(500);
            gateway.send(new Stats(List.of(new Counter(cidr, 501_000, 400, 2_000_000, 900))));
            new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(d -> {
                browser.go("/console/entry.xhtml?id=" + id);
                return browser.present(By.cssSelector("#trafficChart canvas"));
            });
            Object bytes = browser.script("var w = PF(Object.keys(PrimeFaces.widgets).find(k => k.indexOf('trafficChart') >= 0));"
                    + " var data = w.chart ? w.chart.data : w.cfg.config.data;"
                    + " return data.datasets[0].data.reduce((a, b) => a + b, 0);");
            assertThat(((Number) bytes).longValue()).as("the bytes charted").isEqualTo(500_000 + 1_998_000);
        } finally {
            ConsoleIT.api.delete("/api/v1/entries/" + id);
        }
    }

    /** Searches the page for {@code text} and waits until the one row shown is its match. */
    private static void show(Browser browser, String text) throws Exception {
        browser.type(By.id("blocked:search"), text);
        try {
            new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                    .until(d -> {
                        List<String> rows = browser.all(By.cssSelector("#blocked\\:destinations > .ui-datatable-tablewrapper > table > tbody > tr"))
                                .stream().map(row -> row.getText()).toList();
                        return rows.size() == 1 && rows.get(0).contains(text);
                    });
        } catch (org.openqa.selenium.TimeoutException e) {
            browser.screenshot("failed-blocked-" + text);
            throw new AssertionError("the Blocked page never showed only " + text, e);
        }
        browser.awaitAjax();
    }

    private static void awaitApi(String query, int rows) throws Exception {
        for (int i = 0; i < 120; i++) {
            if (ConsoleIT.api.get("/api/v1/denied?" + query).json().getJsonArray("items").size() >= rows) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the API never showed " + rows + " row(s) for " + query);
    }
}
