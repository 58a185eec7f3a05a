{#- Inner and outer HMAC-SHA256 pads (64 bytes each, as hex) for a key given as hex
    text. Jinja has no XOR, so each byte is XOR-ed bit by bit. Keys longer than the
    64-byte block would need hashing first; they are refused instead. -#}
{% macro hmac_key_pads(key_hex) %}
    {% set key_hex = key_hex | lower | trim %}
    {% if key_hex | length % 2 != 0 or key_hex | length > 128 or key_hex | length == 0 %}
        {{ exceptions.raise_compiler_error(
            "The pseudonym key must be 1 to 64 bytes written as hex (got "
            ~ (key_hex | length) ~ " characters)") }}
    {% endif %}
    {% set digits = '0123456789abcdef' %}
    {% set pads = namespace(inner='', outer='') %}
    {% for index in range(64) %}
        {% if index * 2 < key_hex | length %}
            {% set key_byte = digits.index(key_hex[index * 2]) * 16
                + digits.index(key_hex[index * 2 + 1]) %}
        {% else %}
            {% set key_byte = 0 %}
        {% endif %}
        {% set pads.inner = pads.inner ~ '%02x' | format(_xor_byte(key_byte, 54)) %}
        {% set pads.outer = pads.outer ~ '%02x' | format(_xor_byte(key_byte, 92)) %}
    {% endfor %}
    {{ return({'inner': pads.inner, 'outer': pads.outer}) }}
{% endmacro %}

{% macro _xor_byte(left, right) %}
    {% set result = namespace(value=0) %}
    {% for bit in range(8) %}
        {% set weight = 2 ** bit %}
        {% if (left // weight) % 2 != (right // weight) % 2 %}
            {% set result.value = result.value + weight %}
        {% endif %}
    {% endfor %}
    {{ return(result.value) }}
{% endmacro %}
