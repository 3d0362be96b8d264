package org.rtes.elasticsearch.analysis;

import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

import java.util.Map;
import java.util.TreeMap;

/**
 * Registers, under the names used by Elasticsearch's analysis-common module, the few token filters
 * that the project's analyzers need and that the Elasticsearch test distribution lacks.
 *
 * <p>Only for test and development nodes: a full distribution already has these names through
 * analysis-common, and installing this plugin there would fail on the duplicate names.
 */
public class RtesAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        Map<String, AnalysisProvider<TokenFilterFactory>> filters = new TreeMap<>();
        // Like analysis-common, elision and synonym_graph make no sense without settings:
        // requiresAnalysisSettings refuses them when used by bare name.
        filters.put("elision", AnalysisPlugin.requiresAnalysisSettings(ElisionFilterFactory::new));
        filters.put("asciifolding", AsciiFoldingFilterFactory::new);
        filters.put("stemmer", StemmerFilterFactory::new);
        filters.put("synonym_graph", AnalysisPlugin.requiresAnalysisSettings(SynonymGraphFilterFactory::new));
        return filters;
    }
}
