"""Every component id that a layout and a callback share, by page, so the two never disagree on a string.

The values are what the browser tests look elements up by: change a name freely, a value never.
What a callback may do is decided by its declared level (:mod:`.security.access`), not by these ids.
"""

# upload
UPLOAD = "upload-file"
UPLOAD_PAYLOAD = "upload-payload"
UPLOAD_LIMIT = "upload-limit"
UPLOAD_CLIENT_MESSAGE = "upload-client-message"
UPLOAD_TOKEN = "upload-token"
UPLOAD_REPORT = "upload-report"
UPLOAD_ACTIONS = "upload-actions"
COMMIT = "upload-commit"
CANCEL = "upload-cancel"
ANNOTATED = "upload-annotated"
UPLOAD_PREVIEW_DOWNLOAD = "upload-preview-download"  # every record to add and every change, as .xlsx
HISTORY = "batch-history"
ROLLBACK = "rollback"  # pattern-matching: {"type": ROLLBACK, "batch": id}
ROLLBACK_MODAL = "rollback-modal"
ROLLBACK_TEXT = "rollback-text"
ROLLBACK_CONFIRM = "rollback-confirm"
ROLLBACK_DISMISS = "rollback-dismiss"
ROLLBACK_BATCH = "rollback-batch"
ROLLBACK_MESSAGE = "rollback-message"
LANG = "lang"
MAPPING = "upload-mapping"  # the mapping editor, for a workbook in an office's own layout
MAP_PROPOSAL = "map-proposal"  # the proposal, as JSON
MAP_FIELD = "map-field"  # pattern-matching: {"type": MAP_FIELD, "sheet": i, "col": 0-based column}
MAP_VALUE = "map-value"  # pattern-matching: {"type": MAP_VALUE, "sheet": i, "n": value or question}
MAP_PREVIEW = "map-preview"
MAP_CONFIRM = "map-confirm"

# the shell: navigation, shared filters, language
NAV_BRAND = "nav-brand"
NAV_WRAPPER = "nav-wrapper"
NAV_TOGGLER = "nav-toggler"  # the menu button on a narrow screen
NAV_COLLAPSE = "nav-collapse"  # the links it shows and hides
NAV_ACCOUNT = "nav-account"
SKIP_LINK = "skip-link"
NAV_ADMIN = "nav-admin"
NAV_LINK = "nav-link"  # pattern-matching: {"type": NAV_LINK, "path": "/regions"}
LANG_SWITCH = "lang-switch"
FILTER_AREA = "filter-area"  # the filters with their button and panel (hidden on an embedded page)
FILTER_OPEN = "filter-open"  # "Filters": opens the panel on a narrow screen
FILTER_PANEL = "filter-panel"  # a panel from the side on a narrow screen, the bar itself on a wide one
FILTER_TITLE = "filter-title"
FILTER_CLOSE = "filter-close"
FILTER_BACKDROP = "filter-backdrop"
FILTER_BAR = "filter-bar"
YEARS = "filter-years"
YEARS_LABEL = "filter-years-label"
REGIONS = "filter-regions"
REGIONS_LABEL = "filter-regions-label"
COUNTRIES = "filter-countries"
COUNTRIES_LABEL = "filter-countries-label"
RESET = "filter-reset"
ON = "filter-on"  # figures on a day, by the records' own dates
ON_LABEL = "filter-on-label"
AS_OF = "filter-as-of"  # as the database held the records on a day
AS_OF_LABEL = "filter-as-of-label"
PAGE_LOCATION = "_pages_location"  # the dcc.Location inside dash.page_container

# overview
KPI = "kpi"  # pattern-matching: {"type": KPI, "key": figure}
OVERVIEW_QUERY = "overview-query"
ADOPTION_MAP = "adoption-map"
CENTRES_MAP = "centres-by-country"
ADOPTIONS_OVER_TIME = "adoptions-over-time"
TRACE_MODAL = "trace-modal"
TRACE_TITLE = "trace-title"
TRACE_BODY = "trace-body"
TRACE_ITEMS = "trace-items"  # the standards or countries a figure counts
TRACE_TABLE = "trace-table"  # the records behind them

# over time
TREND_METRIC = "trend-metric"
TREND_FREQ = "trend-freq"
TREND_MODE = "trend-mode"
TREND_SPLIT = "trend-split"
TREND_CHART = "trend-chart"
TREND_NOTE = "trend-note"  # why the chart is drawn other than asked (an indicator's own frequency)
TREND_TABLE = "trend-table"

# by region
REGION_METRIC = "regions-metric"
REGION_MAP = "regions-map"
REGION_BARS = "regions-by-region"
SUBREGION_BARS = "regions-by-subregion"
REGION_TABLE = "regions-table"

# partners
PARTNER_TYPE = "partners-type"
DORMANT_MONTHS = "partners-dormant-months"
EXPIRING_TABLE = "expiring-table"
MY_AGREEMENTS = "my-agreements"
MY_AGREEMENTS_TABLE = "my-agreements-table"

# events
EVENT_KIND = "events-kind"
EVENTS_GRID = "events-grid"

# data
DATA_GRID = "data-grid"
DATA_SEARCH = "data-search"
DATA_SHOWN = "data-shown"

# duplicates (editors): likely duplicate institutions, merged a pair at a time
DUPLICATES_LIST = "duplicates-list"
DUPLICATES_MESSAGE = "duplicates-message"
MERGE = "merge"  # pattern-matching: {"type": MERGE, "index": n}
DUPLICATES_PAIRS = "duplicates-pairs"  # the pairs listed, in order: [record type, keep, merge into it]
NAV_DUPLICATES = "nav-duplicates"

# upload: names proposed as known institutions
MATCH_CHOICE = "match-choice"  # pattern-matching: {"type": MATCH_CHOICE, "index": n}
UPLOAD_MATCHES = "upload-matches"  # the proposals listed, in order: [record type, value]
UPLOAD_MATCHES_PANEL = "upload-matches-panel"
UPLOAD_ACCEPTED = "upload-accepted"  # the proposals accepted: [[record type, value], …]

# Layout-only: no callback uses these; the browser tests and the page's own links find elements by them.
# A name ending in a prefix's role (KPI_NUMBER, DATA_TAB, ...) is followed by "-" and a key, as noted.

# shared pieces
EMPTY_STATE = "empty-state"
KPI_NUMBER = "kpi"  # + "-" + figure: a card's number

# upload
UPLOAD_SIGN_IN = "upload-sign-in"
TEMPLATE_DOWNLOAD = "template-download"
UPLOAD_OUTCOME = "upload-outcome"
UPLOAD_PROFILE = "upload-profile"  # which mapping profile read the file
UPLOAD_PROFILE_SAVED = "upload-profile-saved"
MAP_PROBLEM = "map-problem"  # a mapping that cannot be used, said in words
MAPPING_INTRO = "mapping-intro"
MAP_PREVIEW_PROBLEMS = "map-preview-problems"
UPLOAD_COUNTS = "upload-counts"
UPLOAD_CHANGES = "upload-changes"
UPLOAD_ADDED = "upload-added"  # the records a preview would add (the first of each type)
UPLOAD_ERRORS = "upload-errors"
UPLOAD_WARNINGS = "upload-warnings"
HISTORY_TABLE = "history-table"
ROLLBACK_OUTCOME = "rollback-outcome"

# overview
REPORT_PPTX = "report-pptx"
REPORT_PDF = "report-pdf"
SUMMARY = "summary"
KPIS = "kpis"
WINDOW_NOTE = "window-note"  # what a page's figures cover
MILESTONES_TIMELINE = "milestones-timeline"
INDICATORS = "indicators"
INDICATOR = "indicator"  # + "-" + indicator key
PUBLISHED_FIGURES = "published-figures"
PUBLISHED = "published"  # + "-" + state + "-" + figure
TARGETS = "targets"

# over time
TREND_CONTROLS = "trend-controls"
TREND_MILESTONES = "trend-milestones"

# by region, a country's page
COUNTRY_LINK = "country-link"  # + "-" + ISO3
COUNTRY_BACK = "country-back"
COUNTRY_UNKNOWN = "country-unknown"
COUNTRY_NAME = "country-name"
COUNTRY_REGION = "country-region"
COUNTRY_SECTION = "country"  # + "-" + record type

# partners
PARTNERS_BY_TYPE = "partners-by-type"
PARTNERS_BY_COUNTRY = "partners-by-country"
EXPIRING = "expiring"
EXPIRING_NONE = "expiring-none"
DORMANT = "dormant"
DORMANT_NONE = "dormant-none"

# events
EVENTS_TIMELINE = "events-timeline"
EVENTS_PER_YEAR = "events-per-year"
EVENTS_COUNT = "events-count"
EVENTS_NONE = "events-none"

# data
DATA_TABS = "data-tabs"
DATA_TAB = "data-tab"  # + "-" + record type
DATA_STATUSES = "data-statuses"
DATA_DOWNLOAD_XLSX = "data-download-xlsx"
DATA_DOWNLOAD_CSV = "data-download-csv"
DATA_COUNT = "data-count"
DATA_TRUNCATED = "data-truncated"
DATA_NONE = "data-none"

# public
PUBLIC_KPIS = "public-kpis"
PUBLIC_MAP = "public-map"

# duplicates (layout-only)
DUPLICATES_TABLE = "duplicates-table"
DUPLICATES_NONE = "duplicates-none"
MERGE_OUTCOME = "merge-outcome"
UPLOAD_MATCHES_TABLE = "upload-matches-table"
