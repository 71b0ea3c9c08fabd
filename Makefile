# libchatguard — build, test, install.
#
#   make demo     install missing Debian packages, build, run the CLI on examples/messages.jsonl
#   make check    install missing Debian packages, build, run every test
#   make install PREFIX=/usr/local
#
# `demo` and `check` first run `deps`, then re-enter make, so pkg-config sees packages deps just installed.

VERSION     := 0.1.0
SOVERSION   := 0
PREFIX      ?= /usr/local
LIBDIR      ?= $(PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
BINDIR      ?= $(PREFIX)/bin
DATADIR     ?= $(PREFIX)/share/chatguard
CC          ?= cc
BUILD       ?= build

PKGS        := libhs libpcre2-8 libutf8proc
PKG_CFLAGS   = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS     = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
OPT         ?= -O2 -g
WARN        := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wvla
CFLAGS_ALL   = $(WARN) $(OPT) -D_POSIX_C_SOURCE=200809L -fPIC -fvisibility=hidden -Iinclude \
               -DCG_DEFAULT_RULES_DIR='"$(DATADIR)/rules"' $(PKG_CFLAGS) $(CFLAGS)
LDLIBS_ALL   = $(PKG_LIBS) -lm -lpthread $(LDLIBS)

LIB_SRCS    := $(sort $(wildcard src/*.c src/*/*.c))
LIB_SRCS    := $(filter-out src/cli/%,$(LIB_SRCS))
LIB_OBJS    := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
CLI_SRCS    := src/cli/main.c src/cli/json.c src/cli/conv_table.c
CLI_OBJS    := $(CLI_SRCS:%.c=$(BUILD)/obj/%.o)
TEST_SRCS   := $(sort $(wildcard tests/unit/test_*.c))
TEST_BINS   := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

SO_REAL     := $(BUILD)/libchatguard.so.$(VERSION)
SO_NAME     := libchatguard.so.$(SOVERSION)

.PHONY: check-asan check-tsan _check-san fuzz _fuzz differential
.PHONY: all deps demo check _demo _check unit corpus conversations replicas cache-cli symbols install-test valgrind scunthorpe lint bindings install uninstall clean bench-alphabet bench-normalize bench-bindings bench _bench bench-quick bench-hostile bench-conversation bench-scanstats

all: $(SO_REAL) $(BUILD)/libchatguard.so $(BUILD)/libchatguard.a $(BUILD)/chatguard $(BUILD)/chatguard.pc

# ---- dependencies --------------------------------------------------------------------------------
# Installs what pkg-config cannot find, from Debian's archive (as root, or with sudo when there is one).
DEB_HS := $(if $(filter amd64 i386,$(shell dpkg --print-architecture 2>/dev/null)),libhyperscan-dev,libvectorscan-dev)
deps:
	@missing=""; \
	pkg-config --version >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	pkg-config --exists libhs 2>/dev/null || missing="$$missing $(DEB_HS)"; \
	pkg-config --exists libpcre2-8 2>/dev/null || missing="$$missing libpcre2-dev"; \
	pkg-config --exists libutf8proc 2>/dev/null || missing="$$missing libutf8proc-dev"; \
	pkg-config --exists cmocka 2>/dev/null || missing="$$missing libcmocka-dev"; \
	command -v valgrind >/dev/null 2>&1 || missing="$$missing valgrind"; \
	[ -f /usr/share/hunspell/ru_RU.dic ] || missing="$$missing hunspell-ru"; \
	command -v go >/dev/null 2>&1 || missing="$$missing golang-go"; \
	command -v python3 >/dev/null 2>&1 || missing="$$missing python3"; \
	python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing="$$missing python3-venv"; \
	[ -d /usr/share/games/fortunes/ru ] || missing="$$missing fortunes-ru"; \
	command -v gnuplot >/dev/null 2>&1 || missing="$$missing gnuplot-nox"; \
	command -v clang >/dev/null 2>&1 || missing="$$missing clang"; \
	ls /usr/lib/llvm-14/lib/clang/14*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || \
	  [ "$$(dpkg --print-architecture)" != amd64 ] || missing="$$missing libclang-rt-14-dev"; \
	command -v unmunch >/dev/null 2>&1 || missing="$$missing hunspell-tools"; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
	  echo "deps: installing$$missing"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

demo: deps
	@$(MAKE) --no-print-directory _demo

check: deps
	@$(MAKE) --no-print-directory _check

_demo: all
	$(BUILD)/chatguard check --rules rules --format text examples/messages.jsonl

_check: all lint unit corpus conversations differential scunthorpe symbols install-test valgrind bindings replicas cache-cli
	@echo "check: all tests passed"

# ---- library -------------------------------------------------------------------------------------
$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(SO_REAL): $(LIB_OBJS)
	$(CC) -shared -Wl,-soname,$(SO_NAME) -Wl,--no-undefined -o $@ $^ $(LDFLAGS) $(LDLIBS_ALL)

$(BUILD)/libchatguard.so: $(SO_REAL)
	ln -sf libchatguard.so.$(VERSION) $(BUILD)/$(SO_NAME)
	ln -sf $(SO_NAME) $@

$(BUILD)/libchatguard.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/chatguard: $(CLI_OBJS) $(BUILD)/libchatguard.a
	$(CC) -o $@ $(CLI_OBJS) $(BUILD)/libchatguard.a $(LDFLAGS) $(LDLIBS_ALL)

$(BUILD)/chatguard.pc: pkgconfig/chatguard.pc.in Makefile
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
	    -e 's|@DATADIR@|$(DATADIR)|g' -e 's|@VERSION@|$(VERSION)|g' $< > $@

# ---- tests ---------------------------------------------------------------------------------------
$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libchatguard.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Isrc -o $@ $< $(BUILD)/libchatguard.a $(LDFLAGS) \
	    $(shell pkg-config --libs cmocka) $(LDLIBS_ALL) -lpthread

$(BUILD)/corpus_eval: tests/corpus_eval.c src/cli/json.c $(BUILD)/libchatguard.a
	$(CC) $(CFLAGS_ALL) -Isrc/cli -o $@ tests/corpus_eval.c src/cli/json.c $(BUILD)/libchatguard.a \
	    $(LDFLAGS) $(LDLIBS_ALL)

$(BUILD)/conversation_eval: tests/conversation_eval.c src/cli/json.c src/cli/conv_table.c $(BUILD)/libchatguard.a
	$(CC) $(CFLAGS_ALL) -Isrc/cli -o $@ tests/conversation_eval.c src/cli/json.c src/cli/conv_table.c \
	    $(BUILD)/libchatguard.a $(LDFLAGS) $(LDLIBS_ALL)

unit: $(TEST_BINS)
	@set -e; for t in $(TEST_BINS); do echo "== $$t"; CHATGUARD_RULES_DIR=$(CURDIR)/rules $$t; done

# Per-category precision/recall on the labeled corpora; thresholds are in tests/corpus/THRESHOLDS.
corpus: $(BUILD)/corpus_eval
	@set -e; while read -r files cats minrec minprec; do \
	  case "$$files" in ''|\#*) continue;; esac; \
	  $(BUILD)/corpus_eval --rules rules --categories $$cats --min-recall $$minrec --min-precision $$minprec \
	      $$(echo "$$files" | tr '+' '\n' | sed 's|^|tests/corpus/|'); \
	done < tests/corpus/THRESHOLDS

# Conversation mode on whole chats: contacts split across messages found, numbers of clean chats not joined.
CONV_MIN_RECALL ?= 0.95
CONV_MIN_PRECISION ?= 0.98
conversations: $(BUILD)/conversation_eval
	@$(BUILD)/conversation_eval --rules rules --min-recall $(CONV_MIN_RECALL) --min-precision $(CONV_MIN_PRECISION) \
	    tests/corpus/conversations.jsonl

# The CLI over every corpus under valgrind: no invalid access, no uninitialised use, no leak. PCRE2 runs
# without JIT here because valgrind cannot follow JIT-generated code.
VALGRIND_INPUTS = examples/messages.jsonl $(wildcard tests/corpus/*.jsonl) tests/bad_input.jsonl
valgrind: $(BUILD)/chatguard
	@valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
	    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
	    $(BUILD)/chatguard check --no-jit --rules rules $(VALGRIND_INPUTS) > $(BUILD)/valgrind.out 2>$(BUILD)/valgrind.err; \
	rc=$$?; if [ $$rc -eq 99 ] || [ $$rc -gt 1 ]; then cat $(BUILD)/valgrind.err; echo "valgrind: FAILED"; exit 1; fi; \
	echo "valgrind: $$(wc -l < $(BUILD)/valgrind.out) lines checked, no errors, no leaks"
	@valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
	    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
	    $(BUILD)/chatguard check --no-jit --conversation --rules rules tests/corpus/conversations.jsonl \
	    > $(BUILD)/valgrind-conv.out 2>$(BUILD)/valgrind-conv.err || { cat $(BUILD)/valgrind-conv.err; echo "valgrind: FAILED"; exit 1; }; \
	echo "valgrind: $$(wc -l < $(BUILD)/valgrind-conv.out) lines checked in conversation mode, no errors, no leaks"
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; for k in miss hit; do \
	  valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
	    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
	    $(BUILD)/chatguard check --no-jit --stats --cache $$tmp --rules rules examples/messages.jsonl \
	    > $(BUILD)/valgrind-cache-$$k.out 2>$(BUILD)/valgrind-cache-$$k.err || { cat $(BUILD)/valgrind-cache-$$k.err; echo "valgrind: FAILED"; exit 1; }; \
	done; grep -q 'cache: hit' $(BUILD)/valgrind-cache-hit.err; cmp -s $(BUILD)/valgrind-cache-miss.out $(BUILD)/valgrind-cache-hit.out; \
	echo "valgrind: compiled-database cache written and read, no errors, no leaks"

# The compiled-database cache through the CLI: every corpus checked without a cache, then with an empty
# cache directory (compiled, written), from it (read), and over a truncated and a damaged file (ignored with a
# warning, rebuilt): the same output every time.
CACHE_INPUTS = examples/messages.jsonl $(wildcard tests/corpus/*.jsonl)
cache-cli: $(BUILD)/chatguard
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; run() { $(BUILD)/chatguard check --rules rules "$$@" $(CACHE_INPUTS) || [ $$? -eq 1 ]; }; \
	run > $$tmp/ref.out; \
	run --cache $$tmp --stats > $$tmp/miss.out 2> $$tmp/miss.err; grep -q 'compiled and written' $$tmp/miss.err; \
	run --cache $$tmp --stats > $$tmp/hit.out 2> $$tmp/hit.err; grep -q 'cache: hit' $$tmp/hit.err; \
	f=$$(ls $$tmp/chatguard-*.hsdb); head -c 1000 $$f > $$tmp/cut && mv $$tmp/cut $$f; \
	run --cache $$tmp > $$tmp/cut.out 2> $$tmp/cut.err; grep -q 'warning: compiled-database cache: ignored .*truncated' $$tmp/cut.err; \
	printf '\377' | dd of=$$f bs=1 seek=5000 conv=notrunc status=none; \
	CHATGUARD_CACHE_DIR=$$tmp run > $$tmp/flip.out 2> $$tmp/flip.err; grep -q 'ignored .*checksum mismatch' $$tmp/flip.err; \
	run --cache $$tmp --stats > /dev/null 2> $$tmp/hit2.err; grep -q 'cache: hit' $$tmp/hit2.err; \
	for k in miss hit cut flip; do cmp -s $$tmp/ref.out $$tmp/$$k.out || { echo "cache-cli: $$k output differs"; exit 1; }; done; \
	echo "cache-cli: $$(wc -l < $$tmp/ref.out) lines identical without cache, compiled+written, read, over a truncated and a damaged file; $$(sed -n 's/.*loaded in \([0-9.]*\) ms.*/\1/p' $$tmp/miss.err) ms to load and write, $$(sed -n 's/.*loaded in \([0-9.]*\) ms.*/\1/p' $$tmp/hit.err) ms from the cache"

# Every rule's examples and counterexamples, every profile.
lint: $(BUILD)/chatguard
	@$(BUILD)/chatguard lint --rules rules

# Every word form of the hunspell-ru dictionary as a message: profanity false positives, listed.
scunthorpe: $(BUILD)/chatguard
	@tests/scunthorpe.sh $(BUILD)/chatguard rules

$(BUILD)/differential: tests/differential.c src/cli/json.c $(BUILD)/libchatguard.a
	$(CC) $(CFLAGS_ALL) -Isrc -Isrc/cli -o $@ tests/differential.c src/cli/json.c $(BUILD)/libchatguard.a \
	    $(LDFLAGS) $(LDLIBS_ALL)

# Hyperscan against PCRE2 (regexes) and memmem (lexicon entries) on every corpus.
differential: $(BUILD)/differential
	@$(BUILD)/differential rules examples/messages.jsonl $(wildcard tests/corpus/*.jsonl) > $(BUILD)/differential.out; \
	rc=$$?; tail -3 $(BUILD)/differential.out; exit $$rc

# Only the public API may be exported from the shared library.
symbols: $(SO_REAL)
	@bad=$$(nm -D --defined-only $(SO_REAL) | awk '{print $$3}' | grep -v '^cg_' || true); \
	if [ -n "$$bad" ]; then echo "symbols: non-API symbols exported:"; echo "$$bad"; exit 1; fi; \
	echo "symbols: $$(nm -D --defined-only $(SO_REAL) | grep -c ' cg_') exported, all cg_*"

# Install into a temporary prefix and build examples/check_message.c against it with pkg-config.
install-test: all
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(MAKE) --no-print-directory -s install PREFIX=$$tmp >/dev/null; \
	export PKG_CONFIG_PATH=$$tmp/lib/pkgconfig; \
	$(CC) -std=c11 -Wall -Wextra -Werror -o $$tmp/example examples/check_message.c \
	    $$(pkg-config --cflags --libs chatguard) -Wl,-rpath,$$tmp/lib; \
	out=$$($$tmp/example "$$(pkg-config --variable=rulesdir chatguard)" 'Звоните +7 916 123-45-67'); \
	echo "$$out"; echo "$$out" | grep -q 'phone' || { echo "install-test: no phone hit"; exit 1; }; \
	echo "install-test: installed copy links and runs"

# ---- sanitizers ---------------------------------------------------------------------------------
# The unit suites and the CLI over every corpus, built with AddressSanitizer + UndefinedBehaviorSanitizer
# (build-asan/) or ThreadSanitizer with clang (build-tsan/). PCRE2 runs without JIT under TSan.
SAN_RUN = $(MAKE) --no-print-directory BUILD=$(SAN_BUILD) OPT="-O1 -g -fno-omit-frame-pointer $(SAN_FLAGS)" \
          LDFLAGS="$(SAN_FLAGS)" $(SAN_BUILD)/chatguard $(SAN_BUILD)/corpus_eval $(TEST_BINS:$(BUILD)/%=$(SAN_BUILD)/%)

check-asan: deps
	@$(MAKE) --no-print-directory SAN_BUILD=build-asan SAN_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" _check-san

check-tsan: deps
	@$(MAKE) --no-print-directory SAN_BUILD=build-tsan SAN_FLAGS="-fsanitize=thread" CC=clang _check-san

_check-san:
	@$(SAN_RUN)
	@set -e; for t in $(TEST_BINS:$(BUILD)/%=$(SAN_BUILD)/%); do echo "== $$t"; CHATGUARD_RULES_DIR=$(CURDIR)/rules \
	    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 TSAN_OPTIONS=halt_on_error=1 CG_TEST_CHECKS=20000 $$t; done
	@$(SAN_BUILD)/chatguard check --no-jit --jobs 2 --rules rules examples/messages.jsonl $(wildcard tests/corpus/*.jsonl) \
	    > $(SAN_BUILD)/cli.out; rc=$$?; [ $$rc -le 1 ] || exit $$rc; echo "$(SAN_BUILD): CLI over $$(wc -l < $(SAN_BUILD)/cli.out) lines, clean"
	@$(SAN_BUILD)/chatguard check --no-jit --conversation --rules rules tests/corpus/conversations.jsonl \
	    > $(SAN_BUILD)/cli-conv.out; echo "$(SAN_BUILD): CLI --conversation over $$(wc -l < $(SAN_BUILD)/cli-conv.out) lines, clean"

# ---- fuzzing ------------------------------------------------------------------------------------
# libFuzzer targets (clang, ASan + UBSan) for cg_check_message, the rule parser, the JSONL reader,
# conversation mode with its serialized state and the compiled-database cache file, seeded
# from the corpora and the shipped rules. `make fuzz FUZZ_SECONDS=N` runs each for N seconds; a crash
# leaves its input in build-fuzz/ and fails the target (turn it into a test in tests/unit/test_hostile.c).
FUZZ_SECONDS ?= 30
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc/cli $(PKG_CFLAGS)
FUZZERS = build-fuzz/fuzz_check build-fuzz/fuzz_rules build-fuzz/fuzz_json build-fuzz/fuzz_conversation \
          build-fuzz/fuzz_cache

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_SRCS) src/cli/json.c
	@mkdir -p build-fuzz
	clang $(FUZZ_CFLAGS) $(FUZZ_FLAGS) -o $@ $< $(LIB_SRCS) src/cli/json.c $(PKG_LIBS) -lstdc++ -lm

build-fuzz/seeds: $(wildcard tests/corpus/*.jsonl) $(wildcard rules/*.rules) $(BUILD)/libchatguard.so
	@rm -rf $@ && mkdir -p $@/check $@/rules $@/json $@/conversation $@/cache
	@# cache files: the genuine one (odd mode, no edit), cut, damaged, forged; raw bytes and a wrong magic
	@printf '\001\377\377\377\377' > $@/cache/genuine; printf '\001\200\000\000\000' > $@/cache/cut; \
	 printf '\001\377\377\377\377\020\000\000\000\001' > $@/cache/key; printf '\003\377\377\377\377\070\000\000\000\001' > $@/cache/forged; \
	 printf '\000' > $@/cache/empty; printf '\000CGHSDB\r\n\001\000\000\000' > $@/cache/magic
	@python3 -c 'import json,glob,os; \
	lines=[l for f in sorted(glob.glob("tests/corpus/*.jsonl")) for l in open(f,encoding="utf-8") if l.strip()][::7]; \
	[open("$@/json/%04d"%i,"w",encoding="utf-8").write(l.rstrip("\n")) for i,l in enumerate(lines)]; \
	[open("$@/check/%04d"%i,"wb").write(b"\x00"+json.loads(l)["text"].encode()) for i,l in enumerate(lines)]'
	@cp rules/*.rules $@/rules/
	@python3 -c 'import json,itertools; \
	msgs=[json.loads(l) for l in open("tests/corpus/conversations.jsonl",encoding="utf-8") if l.strip()]; \
	chats=[list(g) for _,g in itertools.groupby(msgs,key=lambda m:m["conversation"])][::3]; \
	[open("$@/conversation/%04d"%i,"wb").write(b"\x01"+b"\xff".join((b"\x80" if m["role"]=="buyer" else b"")+m["text"].encode() for m in c)) for i,c in enumerate(chats)]'
	@# real serialized states (first byte even: the state mode), written through the Python binding
	@cd bindings/python && CHATGUARD_LIBRARY=$(CURDIR)/$(BUILD)/libchatguard.so CHATGUARD_RULES_DIR=$(CURDIR)/rules \
	python3 -c 'import json,chatguard; e=chatguard.Engine(); convs={}; \
	msgs=[json.loads(l) for l in open("../../tests/corpus/conversations.jsonl",encoding="utf-8") if l.strip()]; \
	[convs.setdefault(m["conversation"],e.conversation()).check(m["text"],role=m["role"]) for m in msgs]; \
	[open("../../$@/conversation/s%04d"%i,"wb").write(b"\x00"+c.serialize()) for i,c in enumerate(list(convs.values())[::4])]'


fuzz: deps
	@$(MAKE) --no-print-directory _fuzz

_fuzz: $(FUZZERS) build-fuzz/seeds
	@set -e; for t in check rules json conversation cache; do \
	  echo "fuzz_$$t: $(FUZZ_SECONDS) s"; mkdir -p build-fuzz/corpus-$$t; \
	  CHATGUARD_RULES_DIR=$(CURDIR)/rules build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	      -artifact_prefix=build-fuzz/crash-$$t- -print_final_stats=1 build-fuzz/corpus-$$t build-fuzz/seeds/$$t \
	      2>&1 | grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)' ; \
	  ! ls build-fuzz/crash-$$t-* >/dev/null 2>&1 || { echo "fuzz_$$t: crash, see build-fuzz/"; exit 1; }; \
	done

# ---- bindings -----------------------------------------------------------------------------------
# A pkg-config file for the build tree, so cgo (#cgo pkg-config: chatguard) links build/libchatguard.so.
UNINSTALLED_PC := $(BUILD)/pkgconfig-uninstalled/chatguard.pc
$(UNINSTALLED_PC): Makefile
	@mkdir -p $(dir $@)
	printf 'prefix=%s\nlibdir=$${prefix}/$(BUILD)\nincludedir=$${prefix}/include\nrulesdir=$${prefix}/rules\n\nName: chatguard\nDescription: libchatguard in its build tree\nVersion: $(VERSION)\nLibs: -L$${libdir} -Wl,-rpath,$${libdir} -lchatguard\nCflags: -I$${includedir}\n' "$(CURDIR)" > $@

GO_ENV = PKG_CONFIG_PATH=$(CURDIR)/$(BUILD)/pkgconfig-uninstalled CHATGUARD_RULES_DIR=$(CURDIR)/rules \
         GOFLAGS=-mod=mod GOCACHE=$(CURDIR)/$(BUILD)/go-cache GOPATH=$(CURDIR)/$(BUILD)/go-path GOPROXY=off

# Python: the unittest suite on the build tree, then `pip install bindings/python` into a fresh venv and the
# example run from there. Go: go test -race, then the example.
bindings: all $(UNINSTALLED_PC)
	cd bindings/python && CHATGUARD_RULES_DIR=$(CURDIR)/rules python3 -m unittest -v tests.test_chatguard
	rm -rf $(BUILD)/venv && python3 -m venv $(BUILD)/venv && $(BUILD)/venv/bin/pip install -q --no-index bindings/python
	cd /tmp && CHATGUARD_LIBRARY=$(CURDIR)/$(BUILD)/libchatguard.so CHATGUARD_RULES_DIR=$(CURDIR)/rules \
	    $(CURDIR)/$(BUILD)/venv/bin/python $(CURDIR)/examples/python/moderate.py $(CURDIR)/examples/messages.jsonl \
	    > $(CURDIR)/$(BUILD)/example-python.out && tail -3 $(CURDIR)/$(BUILD)/example-python.out
	cd bindings/go && $(GO_ENV) go vet ./... && { $(GO_ENV) go test -race -count=1 -v ./... > ../../$(BUILD)/go-test.log 2>&1; \
	    rc=$$?; grep -E '^(--- |PASS|FAIL|ok)' ../../$(BUILD)/go-test.log; exit $$rc; }
	cd examples/go && $(GO_ENV) go run . ../messages.jsonl > ../../$(BUILD)/example-go.out && tail -3 ../../$(BUILD)/example-go.out

# Two worker processes (examples/python/replica_worker.py) take turns on the same conversations, keeping the
# state in a redis-server the test starts on a free loopback port and stops after: results identical to one
# `chatguard check --conversation` process.
replicas: all
	@python3 tests/replica_test.py $(CURDIR)/$(BUILD) $(CURDIR)/rules tests/corpus/conversations.jsonl

# ---- benchmarks ----------------------------------------------------------------------------------
$(BUILD)/bench/alphabet: bench/alphabet.c src/cli/json.c $(BUILD)/libchatguard.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Isrc -Isrc/cli -o $@ bench/alphabet.c src/cli/json.c $(BUILD)/libchatguard.a \
	    $(LDFLAGS) $(LDLIBS_ALL)

$(BUILD)/bench/normalize: bench/normalize.c src/cli/json.c $(BUILD)/libchatguard.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Isrc -Isrc/cli -o $@ bench/normalize.c src/cli/json.c $(BUILD)/libchatguard.a \
	    $(LDFLAGS) $(LDLIBS_ALL)

# The same benchmark on the library sources compiled without the ASCII/Russian fast paths.
$(BUILD)/bench/normalize-nofast: bench/normalize.c src/cli/json.c $(LIB_SRCS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -DCG_FAST_PATHS=0 -Isrc -Isrc/cli -o $@ bench/normalize.c src/cli/json.c $(LIB_SRCS) \
	    $(LDFLAGS) $(LDLIBS_ALL)

bench-normalize: $(BUILD)/bench/normalize $(BUILD)/bench/normalize-nofast $(BUILD)/bench/real.jsonl
	$(BUILD)/bench/normalize $(BUILD)/bench/real.jsonl tests/corpus/core.jsonl
	$(BUILD)/bench/normalize-nofast $(BUILD)/bench/real.jsonl tests/corpus/core.jsonl

$(BUILD)/bench/real.jsonl: bench/real_corpus.sh
	@mkdir -p $(dir $@)
	bench/real_corpus.sh > $@

$(BUILD)/bench/boundary: bench/boundary.c src/cli/json.c $(BUILD)/libchatguard.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Isrc/cli -o $@ bench/boundary.c src/cli/json.c $(BUILD)/libchatguard.a $(LDFLAGS) $(LDLIBS_ALL)

# What the Python and Go boundaries cost per message against C, single calls and batches, same corpus.
bench-bindings: $(BUILD)/bench/boundary $(BUILD)/bench/real.jsonl $(UNINSTALLED_PC)
	@$(BUILD)/bench/boundary rules $(BUILD)/bench/real.jsonl
	@CHATGUARD_RULES_DIR=$(CURDIR)/rules python3 bench/boundary.py $(BUILD)/bench/real.jsonl
	@cd bench/go-boundary && $(GO_ENV) go run . ../../$(BUILD)/bench/real.jsonl

$(BUILD)/bench/bench: bench/bench.c src/cli/json.c $(BUILD)/libchatguard.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Isrc -Isrc/cli -o $@ bench/bench.c src/cli/json.c $(BUILD)/libchatguard.a \
	    $(LDFLAGS) $(LDLIBS_ALL) -lpthread

$(BUILD)/bench/mixed.jsonl: bench/gen_corpus.py $(wildcard tests/corpus/*.jsonl)
	@mkdir -p $(dir $@)
	python3 bench/gen_corpus.py --messages 100000 --seed 1 > $@

# The benchmark (bench/RESULTS.md): throughput, latency, stages, memory, scaling, PCRE2 baseline, charts.
bench: deps
	@$(MAKE) --no-print-directory _bench

_bench: $(BUILD)/bench/bench $(BUILD)/bench/mixed.jsonl $(BUILD)/bench/real.jsonl
	$(BUILD)/bench/bench rules $(BUILD)/bench $(BUILD)/bench/mixed.jsonl $(BUILD)/bench/real.jsonl | tee $(BUILD)/bench/report.md
	gnuplot bench/charts.gp

# The same in well under a minute, for CI smoke runs (not a pass/fail timing test).
bench-quick: $(BUILD)/bench/bench $(BUILD)/bench/mixed.jsonl $(BUILD)/bench/real.jsonl
	$(BUILD)/bench/bench --quick rules $(BUILD)/bench $(BUILD)/bench/mixed.jsonl $(BUILD)/bench/real.jsonl

$(BUILD)/bench/conversation: bench/conversation.c src/cli/json.c $(BUILD)/libchatguard.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Isrc -Isrc/cli -o $@ bench/conversation.c src/cli/json.c $(BUILD)/libchatguard.a \
	    $(LDFLAGS) $(LDLIBS_ALL)

# Conversation mode against plain checks on the same messages, cut into chats of 8 (bench/RESULTS.md).
bench-conversation: $(BUILD)/bench/conversation $(BUILD)/bench/mixed.jsonl
	$(BUILD)/bench/conversation rules 8 $(BUILD)/bench/mixed.jsonl tests/corpus/conversations.jsonl

$(BUILD)/bench/hostile: bench/hostile.c $(BUILD)/libchatguard.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ bench/hostile.c $(BUILD)/libchatguard.a $(LDFLAGS) $(LDLIBS_ALL)

bench-hostile: $(BUILD)/bench/hostile
	CHATGUARD_RULES_DIR=$(CURDIR)/rules $(BUILD)/bench/hostile

# What the scan path does per 100,000 messages: hs_scan calls per view, PCRE2 calls per rule. The library
# sources are compiled again with -DCG_SCAN_STATS (the counters are not in the shipped library).
$(BUILD)/bench/scanstats: bench/scanstats.c src/cli/json.c $(LIB_SRCS) $(wildcard src/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -DCG_SCAN_STATS -Isrc -Isrc/cli -o $@ bench/scanstats.c src/cli/json.c $(LIB_SRCS) \
	    $(LDFLAGS) $(LDLIBS_ALL)

bench-scanstats: $(BUILD)/bench/scanstats $(BUILD)/bench/mixed.jsonl
	$(BUILD)/bench/scanstats rules $(BUILD)/bench/mixed.jsonl

# One-byte internal alphabet versus UTF-8 scanning of the same rules and messages (bench/RESULTS.md).
bench-alphabet: $(BUILD)/bench/alphabet $(BUILD)/bench/real.jsonl
	$(BUILD)/bench/alphabet rules $(BUILD)/bench/real.jsonl

# ---- install -------------------------------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)
	install -m 644 include/chatguard.h $(DESTDIR)$(INCLUDEDIR)/
	install -m 755 $(SO_REAL) $(DESTDIR)$(LIBDIR)/
	ln -sf libchatguard.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SO_NAME)
	ln -sf $(SO_NAME) $(DESTDIR)$(LIBDIR)/libchatguard.so
	install -m 644 $(BUILD)/libchatguard.a $(DESTDIR)$(LIBDIR)/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
	    -e 's|@DATADIR@|$(DATADIR)|g' -e 's|@VERSION@|$(VERSION)|g' pkgconfig/chatguard.pc.in \
	    > $(DESTDIR)$(LIBDIR)/pkgconfig/chatguard.pc
	install -m 755 $(BUILD)/chatguard $(DESTDIR)$(BINDIR)/
	rm -rf $(DESTDIR)$(DATADIR)/rules
	cp -R rules $(DESTDIR)$(DATADIR)/rules

uninstall:
	rm -f $(DESTDIR)$(INCLUDEDIR)/chatguard.h $(DESTDIR)$(LIBDIR)/libchatguard.* \
	      $(DESTDIR)$(LIBDIR)/pkgconfig/chatguard.pc $(DESTDIR)$(BINDIR)/chatguard
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(BUILD)

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d)
