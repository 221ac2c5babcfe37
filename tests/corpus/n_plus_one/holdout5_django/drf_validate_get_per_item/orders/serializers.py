from rest_framework import serializers

from inventory.models import StockItem


class LineSerializer(serializers.Serializer):
    code = serializers.CharField()
    qty = serializers.IntegerField(min_value=1)


class BasketSerializer(serializers.Serializer):
    lines = LineSerializer(many=True)

    def validate_lines(self, lines):
        for line in lines:
            try:
                item = StockItem.objects.get(code=line["code"])  # expect: ORM102
            except StockItem.DoesNotExist:
                raise serializers.ValidationError(f"unknown item {line['code']}")
            if item.on_hand < line["qty"]:
                raise serializers.ValidationError(f"not enough {item.code}")
        return lines
