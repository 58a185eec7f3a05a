{#- The secret behind every person pseudonym, as hex, from CLD_PSEUDONYM_KEY.
    Without it a built-in development key is used: pseudonyms are then guessable by
    anyone with this repository, so register_pseudonym_key() says so loudly at the
    start of every run. Only that hook reads the key. -#}
{% macro pseudonym_key() %}
    {{ return(env_var('CLD_PSEUDONYM_KEY', development_pseudonym_key())) }}
{% endmacro %}

{% macro development_pseudonym_key() %}
    {{ return('646576656c6f706d656e742d6f6e6c792d6e6f742d736563726574') }}
{% endmacro %}
