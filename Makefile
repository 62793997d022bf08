# lanes: the two commands a newcomer needs are `make demo` and `make test`.
# Both install what they need (npm packages for the embedded ECharts, Go
# modules) before they run.

GO      ?= go
NPM     ?= npm
export CGO_ENABLED := 1

ECHARTS := dashboards/assets/echarts.min.js
BIN     := bin/lanes
OUT     := out

.PHONY: all demo test build deps lint fuzz bench-smoke sample-data screenshot clean

all: build

# npm ci installs exactly what package-lock.json pins; the ECharts build is
# then copied next to the Go code that embeds it.
node_modules/.package-lock.json: package.json package-lock.json
	$(NPM) ci --no-audit --no-fund --loglevel=error

$(ECHARTS): node_modules/.package-lock.json
	cp node_modules/echarts/dist/echarts.min.js $@

deps: $(ECHARTS)
	$(GO) mod download

build: deps
	$(GO) build -o $(BIN) ./cmd/lanes

## demo: ingest sample-data/, build every model, write out/dashboard.html, out/weekly-report.md and out/interrupts-report.md
demo: build
	$(BIN) demo --out $(OUT)

## test: every test, including the browser tests when Chromium is installed
test: deps
	$(GO) vet ./...
	$(GO) test -count=1 ./...

## sample-data: regenerate the committed sample exports (deterministic)
sample-data:
	$(GO) run ./sample-data/generate -out sample-data

## bench-smoke: run every benchmark once (not the 10M dashboard one), so one that no longer runs fails
## CI; timings are measured with scripts/bench-*.sh and recorded in docs/performance.md
bench-smoke: deps
	$(GO) test -run '^$$' -bench . -benchtime 1x ./models/ ./ingest/...

## fuzz: run each fuzz target briefly
fuzz: deps
	./scripts/fuzz.sh 10s

## screenshot: refresh docs/dashboard.png from the demo dashboard
screenshot: demo
	$(GO) run ./dashboards/screenshot -in $(OUT)/dashboard.html -out docs/dashboard.png -full=false -width 1400 -height 1500

clean:
	rm -rf bin $(OUT) node_modules $(ECHARTS) lanes.duckdb lanes.duckdb.wal
