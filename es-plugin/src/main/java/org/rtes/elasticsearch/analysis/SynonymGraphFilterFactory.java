package org.rtes.elasticsearch.analysis;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.util.CharsRef;
import org.apache.lucene.util.CharsRefBuilder;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.IndexVersions;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AnalysisMode;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.CustomAnalyzer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.function.Function;

/**
 * {@code synonym_graph} with inline rules in Solr format ("a, b" and "a => b").
 *
 * <p>Settings: {@code synonyms} (list, required), {@code expand} (default true), {@code lenient},
 * {@code updateable} (default false; when true the filter is search-time only and
 * {@code POST <index>/_reload_search_analyzers} rebuilds it). {@code lenient} defaults, like in
 * analysis-common 8.x, to false, or to the value of {@code updateable} for indices created on or after
 * {@link IndexVersions#LENIENT_UPDATEABLE_SYNONYMS}. {@code synonyms_path}, {@code synonyms_set} and
 * {@code format: wordnet} are refused.
 *
 * <p>The rules are analysed by the tokenizer, char filters and token filters that come before this
 * filter in the analyzer, so that a rule matches the tokens that reach it. That is why the real filter
 * is built per analyzer, in {@link #getChainAwareTokenFilterFactory}.
 */
public class SynonymGraphFilterFactory extends AbstractTokenFilterFactory {

    private static final Logger LOGGER = LogManager.getLogger(SynonymGraphFilterFactory.class);

    private final List<String> rules;
    private final boolean expand;
    private final boolean lenient;
    private final AnalysisMode analysisMode;

    SynonymGraphFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(name, settings);
        if (settings.hasValue("synonyms") == false) {
            for (String unsupported : List.of("synonyms_set", "synonyms_path")) {
                if (settings.hasValue(unsupported)) {
                    throw new IllegalArgumentException(
                        "[" + unsupported + "] of synonym filter [" + name + "] is not supported by the rtes-analysis test plugin;"
                            + " use inline [synonyms]"
                    );
                }
            }
            throw new IllegalArgumentException("synonym requires either `synonyms`, `synonyms_set` or `synonyms_path` to be configured");
        }
        String format = settings.get("format", "");
        if (format.isEmpty() == false && "solr".equalsIgnoreCase(format) == false) {
            throw new IllegalArgumentException(
                "synonym format [" + format + "] of filter [" + name + "] is not supported by the rtes-analysis test plugin; use solr"
            );
        }
        this.rules = settings.getAsList("synonyms");
        this.expand = settings.getAsBoolean("expand", true);
        boolean updateable = settings.getAsBoolean("updateable", false);
        boolean lenientByDefault = updateable
            && indexSettings.getIndexVersionCreated().onOrAfter(IndexVersions.LENIENT_UPDATEABLE_SYNONYMS);
        this.lenient = settings.getAsBoolean("lenient", lenientByDefault);
        this.analysisMode = updateable ? AnalysisMode.SEARCH_TIME : AnalysisMode.ALL;
    }

    @Override
    public AnalysisMode getAnalysisMode() {
        return analysisMode;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        throw new IllegalStateException("synonym_graph [" + name() + "] must be specialised for its analyzer first");
    }

    @Override
    public TokenFilterFactory getChainAwareTokenFilterFactory(
        IndexCreationContext context,
        TokenizerFactory tokenizer,
        List<CharFilterFactory> charFilters,
        List<TokenFilterFactory> previousTokenFilters,
        Function<String, TokenFilterFactory> allFilters
    ) {
        SynonymMap synonyms = buildSynonyms(tokenizer, charFilters, previousTokenFilters);
        String name = name();
        AnalysisMode mode = analysisMode;
        return new TokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream tokenStream) {
                // An empty map has no FST, which SynonymGraphFilter refuses.
                return synonyms.fst == null ? tokenStream : new SynonymGraphFilter(tokenStream, synonyms, false);
            }

            /** A later synonym filter must not see this one's expansions when it parses its own rules. */
            @Override
            public TokenFilterFactory getSynonymFilter() {
                return IDENTITY_FILTER;
            }

            @Override
            public AnalysisMode getAnalysisMode() {
                return mode;
            }
        };
    }

    private SynonymMap buildSynonyms(
        TokenizerFactory tokenizer,
        List<CharFilterFactory> charFilters,
        List<TokenFilterFactory> previousTokenFilters
    ) {
        // Each previous filter contributes the version of itself meant for parsing rules.
        TokenFilterFactory[] filters = previousTokenFilters.stream()
            .map(TokenFilterFactory::getSynonymFilter)
            .toArray(TokenFilterFactory[]::new);
        try (Analyzer analyzer = new CustomAnalyzer(tokenizer, charFilters.toArray(new CharFilterFactory[0]), filters)) {
            RuleParser parser = new RuleParser(expand, lenient, analyzer);
            parser.parse(new StringReader(String.join("\n", rules)));
            return parser.build();
        } catch (Exception e) {
            throw new IllegalArgumentException("failed to build synonyms from ['" + name() + "' analyzer settings]", e);
        }
    }

    /**
     * Solr rules parser. When lenient, a rule side that the analysis chain rejects (for example a stop
     * word only, which analyses to nothing) is skipped instead of failing the whole filter.
     */
    private static final class RuleParser extends SolrSynonymParser {
        private final boolean lenient;

        RuleParser(boolean expand, boolean lenient, Analyzer analyzer) {
            super(true, expand, analyzer);
            this.lenient = lenient;
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            try {
                return super.analyze(text, reuse);
            } catch (IllegalArgumentException e) {
                if (lenient == false) {
                    throw e;
                }
                LOGGER.info("Synonym rule for [{}] was ignored", text);
                return new CharsRef("");
            }
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (lenient == false || (input.length > 0 && output.length > 0)) {
                super.add(input, output, includeOrig);
            }
        }
    }
}
