package org.rtes.elasticsearch.analysis;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;

import java.util.List;

/**
 * {@code elision}: removes elided articles ("l'", "qu'", ...) in front of tokens.
 *
 * <p>Settings: {@code articles} (list, required), {@code articles_case} (boolean, default false: when
 * true the articles match whatever their case). {@code articles_path} is refused.
 */
public class ElisionFilterFactory extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {

    private final CharArraySet articles;

    ElisionFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(name, settings);
        if (settings.get("articles_path") != null) {
            throw new IllegalArgumentException(
                "[articles_path] of elision filter [" + name + "] is not supported by the rtes-analysis test plugin; use [articles]"
            );
        }
        List<String> list = settings.getAsList("articles", null);
        if (list == null) {
            throw new IllegalArgumentException("elision filter requires [articles] or [articles_path] setting");
        }
        boolean ignoreCase = settings.getAsBoolean("articles_case", false);
        this.articles = CharArraySet.unmodifiableSet(new CharArraySet(list, ignoreCase));
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new ElisionFilter(tokenStream, articles);
    }
}
