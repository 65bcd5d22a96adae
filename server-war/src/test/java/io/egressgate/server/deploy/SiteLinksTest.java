package io.egressgate.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every link between the site's pages, and every menu entry, leads to a page (and heading) that exists. */
class SiteLinksTest {

    private static final Path MARKDOWN = Repository.site().resolve("markdown");
    private static final Pattern LINK = Pattern.compile("\\]\\(([a-z0-9-]+\\.(?:html|yaml|svg)|images/[a-z0-9-]+\\.svg)(#[^)]+)?\\)");
    private static final Pattern MENU_ITEM = Pattern.compile("href=\"([^\"]+)\"");

    @Test
    void everyLinkBetweenPagesLeadsSomewhere() throws IOException {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages()) {
            Matcher link = LINK.matcher(Files.readString(page));
            while (link.find()) {
                links++;
                String target = link.group(1);
                if (!exists(target)) {
                    broken.add(page.getFileName() + " -> " + target);
                } else if (link.group(2) != null && !anchors(target).contains(link.group(2).substring(1))) {
                    broken.add(page.getFileName() + " -> " + target + link.group(2) + " (no such heading)");
                }
            }
        }
        assertThat(links).as("links found").isGreaterThan(20);
        assertThat(broken).isEmpty();
    }

    @Test
    void everyMenuEntryLeadsToAPageAndEveryPageIsInTheMenu() throws IOException {
        String menu = Repository.read(Repository.site().resolve("site.xml"));
        List<String> targets = new ArrayList<>();
        Matcher item = MENU_ITEM.matcher(menu);
        while (item.find()) {
            targets.add(item.group(1));
        }
        assertThat(targets).allSatisfy(target -> assertThat(exists(target)).as(target).isTrue());
        for (Path page : pages()) {
            assertThat(targets).contains(page.getFileName().toString().replace(".md", ".html"));
        }
    }

    private static List<Path> pages() throws IOException {
        try (Stream<Path> files = Files.list(MARKDOWN)) {
            return files.filter(f -> f.toString().endsWith(".md")).sorted().toList();
        }
    }

    private static boolean exists(String target) {
        if (target.endsWith(".html")) {
            return Files.isRegularFile(MARKDOWN.resolve(target.replace(".html", ".md")));
        }
        return Files.isRegularFile(Repository.site().resolve("resources").resolve(target));
    }

    /** Doxia names a heading's anchor after its text, with spaces as underscores. */
    private static List<String> anchors(String page) {
        return Repository.read(MARKDOWN.resolve(page.replace(".html", ".md"))).lines()
                .filter(line -> line.startsWith("#")).map(line -> line.replaceFirst("^#+ ", "").strip().replace(' ', '_'))
                .toList();
    }
}
