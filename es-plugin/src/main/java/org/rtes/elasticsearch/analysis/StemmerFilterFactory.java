package org.rtes.elasticsearch.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchMinimalStemFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.tartarus.snowball.ext.FrenchStemmer;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * {@code stemmer}: setting {@code language} (or its older name {@code name}), default {@code porter}.
 *
 * <p>Only a few of analysis-common's languages are supported; names are matched ignoring case, with
 * the same camelCase aliases ("lightFrench") as analysis-common. Any other language is refused.
 */
public class StemmerFilterFactory extends AbstractTokenFilterFactory {

    /** Keyed by lower-case name. */
    private static final Map<String, UnaryOperator<TokenStream>> STEMMERS = new TreeMap<>();

    static {
        STEMMERS.put("porter", PorterStemFilter::new);
        STEMMERS.put("english", PorterStemFilter::new);
        STEMMERS.put("light_english", KStemFilter::new);
        STEMMERS.put("lightenglish", KStemFilter::new);
        STEMMERS.put("kstem", KStemFilter::new);
        // In 8.x "french" is the Snowball French stemmer.
        STEMMERS.put("french", in -> new SnowballFilter(in, new FrenchStemmer()));
        STEMMERS.put("light_french", FrenchLightStemFilter::new);
        STEMMERS.put("lightfrench", FrenchLightStemFilter::new);
        STEMMERS.put("minimal_french", FrenchMinimalStemFilter::new);
        STEMMERS.put("minimalfrench", FrenchMinimalStemFilter::new);
    }

    private final UnaryOperator<TokenStream> stemmer;

    StemmerFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(name, settings);
        String language = settings.get("language", settings.get("name", "porter"));
        this.stemmer = STEMMERS.get(language.toLowerCase(Locale.ROOT));
        if (stemmer == null) {
            throw new IllegalArgumentException(
                "stemmer language [" + language + "] of filter [" + name + "] is not supported by the rtes-analysis test plugin;"
                    + " supported: " + STEMMERS.keySet()
            );
        }
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return stemmer.apply(tokenStream);
    }
}
