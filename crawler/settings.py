"""Scrapy settings: polite and defensive by default, for crawling strangers' servers unattended.

Everything here can be overridden per run with `-s NAME=VALUE` (`scrapy crawl` and
`pressmonitor crawl` alike); pressmonitor's own settings start with PRESSMONITOR_.
"""

BOT_NAME = "pressmonitor"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Identify ourselves, with a page where site owners can reach us.
PRESSMONITOR_CONTACT_URL = "https://github.com/pressmonitor/pressmonitor"
USER_AGENT = f"pressmonitor/0.1 (+{PRESSMONITOR_CONTACT_URL})"

# Politeness.
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.25

# Safety: bounded bodies and time, no cookies, no schemes but http(s).
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
DOWNLOAD_HANDLERS = {"file": None, "data": None, "s3": None, "ftp": None}
REDIRECT_MAX_TIMES = 5
# Internal addresses (loopback, private, link-local) are refused, redirects included, unless a
# source in sources.yml is on that host or it is listed here (comma-separated host names).
PRESSMONITOR_ALLOW_PRIVATE = ""
# A feed is a list of links: a larger one is a fault or an attack, not news.
PRESSMONITOR_MAX_FEED_BYTES = 5 * 1024 * 1024

DOWNLOADER_MIDDLEWARES = {
    "crawler.safety.SafeDestinationMiddleware": 50,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.politeness.SharedRobotsTxtMiddleware": 100,
    "crawler.politeness.CrawlDelayMiddleware": 110,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.politeness.BackoffRetryMiddleware": 550,
    "crawler.safety.CharsetMiddleware": 580,
    "crawler.archive.ArchiveMiddleware": 950,
}
# Back-off on 429/503: Retry-After honoured up to this many seconds, else 2 s, 4 s, 8 s, ...
PRESSMONITOR_BACKOFF_BASE = 2.0
PRESSMONITOR_MAX_RETRY_WAIT = 120.0
PRESSMONITOR_MAX_CRAWL_DELAY = 60.0
ITEM_PIPELINES = {
    "crawler.pipelines.StorePipeline": 500,
}

# Where the pipelines write (the CLI's --db and --sources set these).
PRESSMONITOR_DB = "data/pressmonitor.db"
PRESSMONITOR_SOURCES = "data/sources.yml"
PRESSMONITOR_INCLUDE_DEMO = False
PRESSMONITOR_ONLY_SOURCES = ""
PRESSMONITOR_REFETCH_KNOWN = False

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
