package io.nearline.recall.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The recall inspector in a real headless browser (Debian's chromium and chromium-driver, through Selenium) against
 * a demo run of two arms ({@code builtin:two-arm-rules.yaml}): search a user, open one of their recalls, expand a
 * stage of its trace, read the aggregates, put the arms side by side and switch from one arm to the other. Each page
 * is saved as a screenshot, under {@code -Dinspector.screenshots=DIR} when given (the README's are made with
 * {@code ../docs/inspector}). Skipped where no chromium is installed ({@code .ci/run} installs it).
 */
class InspectorBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @Test
    void searchAUser_openARecall_expandItsTrace_readTheAggregates_andSwitchArms(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
        Path screenshots = Path.of(System.getProperty("inspector.screenshots", dir.resolve("screenshots").toString()));
        Files.createDirectories(screenshots);
        DemoOptions options = DemoOptions.parse(new String[] {"--events", "3000", "--parallelism", "2", "--ui",
                "--ui-port", "0", "--rules", "builtin:two-arm-rules.yaml", "--summary-json", dir.resolve("summary.json").toString()});
        DemoMain.run(options, (summary, url) -> {
            assertTrue((Long) summary.figures().get("requests_traced") > 0, "the demo traced its requests");
            assertEquals(List.of("control", "narrow"), summary.figures().get("arms"), "both arms made calls");
            assertEquals(List.of(), SummaryChecks.broken(summary.figures()), "the figures hold, per arm too");
            WebDriver browser = headless();
            try {
                drive(browser, url, screenshots);
            } finally {
                browser.quit();
            }
        });
    }

    private static void drive(WebDriver browser, String url, Path screenshots) throws Exception {
        browser.get(url);
        List<WebElement> rows = browser.findElements(By.cssSelector("#users tr"));
        assertTrue(rows.size() > 1, "traced users are listed");
        String user = null;
        long most = 0;
        for (WebElement row : rows.subList(1, rows.size())) {
            long traces = Long.parseLong(row.findElement(By.cssSelector("td.trace-count")).getText());
            if (traces > most) {
                most = traces;
                user = row.findElement(By.cssSelector("a.user-link")).getText();
            }
        }

        browser.findElement(By.id("search-user")).sendKeys(user);
        follow(browser, browser.findElement(By.id("search-go")));
        assertEquals(user, browser.findElement(By.id("user-id")).getText(), "the search opens the user's page");
        assertFalse(browser.findElements(By.cssSelector("#tiers tr")).isEmpty(), "tier history");
        save(browser, screenshots, "user.png");

        follow(browser, browser.findElements(By.cssSelector("a.trace-link")).get(0));
        assertTrue(browser.getCurrentUrl().contains("/traces/"), browser.getCurrentUrl());
        assertFalse(browser.findElement(By.id("prompt")).getText().isEmpty(), "the prompt as the model saw it");
        WebElement stage = browser.findElement(By.id("stage-gpu-budget"));
        assertNull(stage.getAttribute("open"), "stages start folded");
        save(browser, screenshots, "trace.png");

        List<WebElement> inference = browser.findElements(By.id("stage-inference"));
        WebElement expand = inference.isEmpty() ? stage : inference.get(0);
        expand.findElement(By.tagName("summary")).click();
        assertEquals("true", expand.getAttribute("open"), "the stage opens");
        assertTrue(expand.findElement(By.tagName("p")).isDisplayed());
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", expand);
        save(browser, screenshots, "trace-stage.png");

        follow(browser, browser.findElement(By.id("nav-aggregates")));
        assertTrue(browser.findElement(By.id("chart-calls")).isDisplayed(), "calls per tier over time, drawn");
        assertFalse(browser.findElements(By.cssSelector("#latency tr")).isEmpty(), "latency by stage");
        save(browser, screenshots, "aggregates.png");

        follow(browser, browser.findElement(By.id("nav-experiments")));
        assertFalse(browser.findElements(By.id("arm-control")).isEmpty(), "the control arm's row");
        assertFalse(browser.findElements(By.id("arm-narrow")).isEmpty(), "the narrow arm's row");
        assertTrue(browser.findElement(By.id("chart-arms")).isDisplayed(), "HR@10 by arm, drawn");
        assertTrue(browser.findElement(By.id("arms-table")).getText().contains("served HR@10"),
                "served HR@10 beside live HR, per arm");
        save(browser, screenshots, "experiments.png");

        follow(browser, browser.findElement(By.cssSelector("#arm-narrow a.arm-link")));
        assertEquals("narrow", browser.findElement(By.id("arm-shown")).getText(), "one arm's aggregates");
        follow(browser, browser.findElement(By.id("arm-control")));
        assertEquals("control", browser.findElement(By.id("arm-shown")).getText(), "switched to the other arm");
        assertTrue(browser.findElement(By.id("chart-calls")).isDisplayed());
        save(browser, screenshots, "aggregates-arm.png");
    }

    /**
     * Clicks a link or a submit button and waits for the page it leads to. A click returns once the browser has
     * taken it, not once the next page is there: looking for the next page's elements at once can find the old page
     * (a CI run failed so, on the search). The old page is marked before the click; a loaded page without the mark
     * is the new one. Asking during the navigation can fail (the old page's nodes leaving the document), so the wait
     * asks again.
     */
    private static void follow(WebDriver browser, WebElement target) {
        ((JavascriptExecutor) browser).executeScript("window.leftByTest = true");
        target.click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(WebDriverException.class)
                .until(driver -> Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                        "return window.leftByTest === undefined && document.readyState === 'complete'")));
    }

    private static WebDriver headless() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1400");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().window().setSize(new Dimension(1280, 1400));
        return driver;
    }

    private static void save(WebDriver browser, Path dir, String name) throws Exception {
        byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(dir.resolve(name), png);
    }
}
